package io.insightmesh.decisions.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Segment channels whose fsync can be made to fail or to wait, standing in for a failing or stalled
 * disk that a test cannot produce on demand.
 */
final class FaultyChannels implements SegmentChannels {
  private final AtomicBoolean failForce = new AtomicBoolean();
  private final AtomicReference<CountDownLatch> forceGate = new AtomicReference<>();
  private final CountDownLatch forceWaiting = new CountDownLatch(1);

  /** Every later fsync throws an IOException. */
  void failForce() {
    failForce.set(true);
  }

  /** Every later fsync waits until {@link #releaseForce()}. */
  void holdForce() {
    forceGate.set(new CountDownLatch(1));
  }

  /** Lets held fsyncs proceed. */
  void releaseForce() {
    CountDownLatch gate = forceGate.getAndSet(null);
    if (gate != null) {
      gate.countDown();
    }
  }

  /** Whether an fsync is waiting at the gate. */
  boolean forceWaiting() {
    return forceWaiting.getCount() == 0;
  }

  @Override
  public FileChannel openForAppend(Path segment) throws IOException {
    return new Channel(SegmentChannels.FILES.openForAppend(segment));
  }

  private final class Channel extends FileChannel {
    private final FileChannel delegate;

    Channel(FileChannel delegate) {
      this.delegate = delegate;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      CountDownLatch gate = forceGate.get();
      if (gate != null) {
        forceWaiting.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted at the fsync gate", e);
        }
      }
      if (failForce.get()) {
        throw new IOException("injected fsync failure (EIO)");
      }
      delegate.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      delegate.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      delegate.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return delegate.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      delegate.close();
    }
  }
}
