package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

/**
 * The values of one claim's features, bound by name as its {@link FeatureSchema} declares them.
 * Built by {@link FeatureVectorBuilder}; immutable once built. Holds personal data: never log it.
 */
public final class FeatureVector {
  private final FeatureSchema schema;
  private final Object[] values;

  FeatureVector(FeatureSchema schema) {
    this.schema = schema;
    this.values = new Object[schema.features().size()];
  }

  /** The schema the vector is bound against. */
  public FeatureSchema schema() {
    return schema;
  }

  /** The value bound to a variable, or null when it is unbound or not declared. */
  public Object value(String name) {
    int index = schema.indexOrMinusOne(requireNonNull(name, "name is null"));
    return index < 0 ? null : values[index];
  }

  /** Whether the claimant's profile was available ({@code has_profile}). */
  public boolean hasProfile() {
    return Boolean.TRUE.equals(values[schema.index("has_profile")]);
  }

  void set(String name, Object value) {
    set(schema.index(name), value);
  }

  void set(int index, Object value) {
    Feature feature = schema.features().get(index);
    if (!feature.type().javaType().isInstance(value)) {
      throw new IllegalArgumentException(
          "Feature " + feature.name() + " is " + feature.type() + ", not " + value.getClass());
    }
    values[index] = value;
  }

  /**
   * The value at an index ({@link FeatureSchema#indexOrMinusOne}), or null when it is unbound: for
   * callers that resolved the name once.
   */
  public Object value(int index) {
    return values[index];
  }

  @Override
  public String toString() {
    // Values are personal data: show the shape only.
    return "FeatureVector{" + schema + ", hasProfile=" + hasProfile() + "}";
  }
}
