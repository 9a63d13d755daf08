package io.insightmesh.decisions.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a class logged while a test ran, as an operator would read it: each record's message and the
 * stack trace of its failure. Outside Quarkus the JBoss logging the services use writes through
 * {@code java.util.logging}, where this handler listens.
 */
public final class CapturedLog extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new ArrayList<>();

  private CapturedLog(Class<?> source) {
    this.logger = Logger.getLogger(source.getName());
    logger.addHandler(this);
  }

  /** Starts capturing what {@code source} logs, until closed. */
  public static CapturedLog of(Class<?> source) {
    return new CapturedLog(source);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  /** How many records were logged. */
  public synchronized int count() {
    return records.size();
  }

  /** Every record as printed: its message, then its failure's stack trace if any. */
  public synchronized String printed() {
    StringWriter out = new StringWriter();
    PrintWriter printer = new PrintWriter(out);
    for (LogRecord record : records) {
      printer.println(
          record.getParameters() == null
              ? record.getMessage()
              : String.format(record.getMessage(), record.getParameters()));
      if (record.getThrown() != null) {
        record.getThrown().printStackTrace(printer);
      }
    }
    printer.flush();
    return out.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
