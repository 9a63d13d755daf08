package io.insightmesh.decisions.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostingsTest {
  private static List<Integer> slice(Postings postings, int list, int from, int to) {
    List<Integer> values = new ArrayList<>();
    postings.forEach(list, from, to, values::add);
    return values;
  }

  @Test
  void everySliceOfInterleavedListsReadsBackInOrderAcrossBlocks() {
    Postings postings = new Postings();
    // Past the growing blocks into several full ones, interleaved so blocks of lists alternate.
    int longSize = 3 * Postings.MAX_BLOCK + 4094 + 17;
    int single = postings.newList(7);
    int longList = postings.newList(0);
    int shortList = postings.newList(-5);
    for (int i = 1; i < longSize; i++) {
      postings.add(longList, i * 3);
      if (i < 40) {
        postings.add(shortList, -5 - i);
      }
    }

    assertThat(postings.lists()).isEqualTo(3);
    assertThat(postings.size(single)).isEqualTo(1);
    assertThat(slice(postings, single, 0, 1)).containsExactly(7);
    assertThat(postings.size(shortList)).isEqualTo(40);
    assertThat(slice(postings, shortList, 0, 40)).hasSize(40).startsWith(-5, -6).endsWith(-44);
    assertThat(postings.size(longList)).isEqualTo(longSize);
    int[] bounds = {0, 1, 2, 5, 6, 2045, 2046, 4093, 4094, 4095, 8189, 8190, longSize - 1};
    for (int from : bounds) {
      for (int to : bounds) {
        if (from <= to) {
          List<Integer> values = slice(postings, longList, from, to);
          assertThat(values).hasSize(to - from);
          for (int i = 0; i < values.size(); i++) {
            assertThat(values.get(i)).isEqualTo((from + i) * 3);
          }
        }
      }
    }
    assertThat(slice(postings, longList, longSize - 2, longSize))
        .containsExactly((longSize - 2) * 3, (longSize - 1) * 3);
  }

  @Test
  void aSliceBeyondTheListIsRefused() {
    Postings postings = new Postings();
    int list = postings.newList(1);
    postings.add(list, 2);

    assertThatThrownBy(() -> postings.forEach(list, 1, 3, value -> {}))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Positions 1 to 3 of a list of 2");
  }
}
