package io.insightmesh.products.claims.generate;

import java.nio.file.Path;
import java.util.List;

/** Where a run's files go under the output directory. */
final class Layout {
  static final String LANDING = "landing/claims";
  static final String REFERENCE = "reference";
  static final String GROUND_TRUTH = "ground-truth";
  static final String MANIFEST = "manifest.json";
  static final String SELF_ASSESSMENT = "self_assessment";
  static final String PAYE_EMPLOYMENT = "paye_employment";
  static final String COMPANIES = "companies";
  static final String DECEASED = "deceased";
  static final String LABELS = "labels";
  private static final String PARTS = ".parts";

  private final Path root;
  private final OutputFormat format;

  Layout(Path root, OutputFormat format) {
    this.root = root;
    this.format = format;
  }

  Path root() {
    return root;
  }

  Path landing() {
    return root.resolve(LANDING);
  }

  Path landingPart(int index) {
    return landing().resolve(String.format("part-%05d.%s", index, format.extension()));
  }

  Path reference() {
    return root.resolve(REFERENCE);
  }

  Path groundTruth() {
    return root.resolve(GROUND_TRUTH);
  }

  Path manifest() {
    return root.resolve(MANIFEST);
  }

  Path referenceFile(String name) {
    return reference().resolve(name + ".jsonl");
  }

  Path labels() {
    return groundTruth().resolve(LABELS + ".jsonl");
  }

  /** The generated paths an earlier run may have left: what --overwrite removes. */
  List<Path> generated() {
    return List.of(landing(), reference(), groundTruth(), manifest());
  }

  Parts parts() {
    return new Parts(reference().resolve(PARTS), groundTruth().resolve(PARTS));
  }

  /**
   * Per-chunk pieces of the single reference and ground-truth files, joined in chunk order at the
   * end. Ground-truth pieces stay under ground-truth/, never beside the landing files.
   */
  record Parts(Path reference, Path groundTruth) {
    Path selfAssessment(int chunk) {
      return reference.resolve(piece(SELF_ASSESSMENT, chunk));
    }

    Path payeEmployment(int chunk) {
      return reference.resolve(piece(PAYE_EMPLOYMENT, chunk));
    }

    Path companies(int chunk) {
      return reference.resolve(piece(COMPANIES, chunk));
    }

    Path deceased(int chunk) {
      return reference.resolve(piece(DECEASED, chunk));
    }

    Path labels(int chunk) {
      return groundTruth.resolve(piece(LABELS, chunk));
    }

    private static String piece(String name, int chunk) {
      return String.format("%s-%05d.jsonl", name, chunk);
    }
  }
}
