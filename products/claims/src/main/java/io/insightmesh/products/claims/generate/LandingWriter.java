package io.insightmesh.products.claims.generate;

import java.io.Closeable;
import java.io.IOException;

/** Writes one landing part file: one record per claim submission. */
interface LandingWriter extends Closeable {
  void write(ClaimRecord record) throws IOException;
}
