package io.insightmesh.decisions.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Segment channels whose fsync can be made to fail or to wait, standing in for a failing or stalled
 * disk that a test cannot produce on demand; and a disk that fills up while the spare segment is
 * written. The fsync faults are the segments' alone: the spare is prepared on a thread of its own,
 * and a test holding or failing the writer's fsync must not catch that thread instead.
 */
final class FaultyChannels implements SegmentChannels {
  private final AtomicBoolean failForce = new AtomicBoolean();
  private final AtomicReference<CountDownLatch> forceGate = new AtomicReference<>();
  private final CountDownLatch forceWaiting = new CountDownLatch(1);
  private final AtomicLong spareRoom = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger spareWritesRefused = new AtomicInteger();
  private final List<Long> spareSyncedSizes = new CopyOnWriteArrayList<>();

  /** Writes to the spare segment beyond its first {@code bytes} fail as on a full disk. */
  void diskFullAfterSpareBytes(long bytes) {
    spareRoom.set(bytes);
  }

  /** Writes to the spare segment refused for want of room. */
  int spareWritesRefused() {
    return spareWritesRefused.get();
  }

  /** The spare segment's length at each of its fsyncs, in order. */
  List<Long> spareSyncedSizes() {
    return List.copyOf(spareSyncedSizes);
  }

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
    boolean spare = segment.getFileName().toString().equals(SpareSegment.FILE_NAME);
    return new Channel(SegmentChannels.FILES.openForAppend(segment), spare);
  }

  private final class Channel extends FileChannel {
    private final FileChannel delegate;
    private final boolean spare;

    Channel(FileChannel delegate, boolean spare) {
      this.delegate = delegate;
      this.spare = spare;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (spare) {
        delegate.force(metaData);
        spareSyncedSizes.add(delegate.size());
        return;
      }
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
      if (spare) {
        long room = spareRoom.get() - position;
        if (room <= 0) {
          spareWritesRefused.incrementAndGet();
          throw new IOException("No space left on device");
        }
        if (src.remaining() > room) {
          // What fits is written, as write(2) does before ENOSPC.
          ByteBuffer fits = src.duplicate();
          fits.limit(fits.position() + (int) room);
          int written = delegate.write(fits, position);
          src.position(src.position() + written);
          return written;
        }
      }
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
