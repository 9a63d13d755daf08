package io.insightmesh.decisions.features;

import java.util.Map;

/** The type of a feature, and the Java type of its values in a {@link FeatureVector}. */
public enum FeatureType {
  /** {@link Boolean}. */
  BOOL(Boolean.class),
  /** {@link Long} (CEL's {@code int} is 64-bit). */
  INT(Long.class),
  /** {@link Double}; amounts in pounds. */
  DOUBLE(Double.class),
  /** {@link String}; empty when the source field is absent. */
  STRING(String.class),
  /** {@code Map<String, Long>}. */
  MAP_STRING_INT(Map.class);

  private final Class<?> javaType;

  FeatureType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** The class every value of this type is an instance of. */
  public Class<?> javaType() {
    return javaType;
  }
}
