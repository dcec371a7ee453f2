package io.lambdaefs.operator.apiserver;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The log lines of an in-process operator, as one string each (message and stack trace), kept only
 * when they mention {@code about} (a namespace or a Lease identity): other test classes may log at
 * the same time.
 */
final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root;
  private final String about;

  LogCapture(String about) {
    this.about = about;
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /**
   * Lines at WARN or above, but for fabric8's LeaderElector warning that a Lease call was
   * interrupted: stopping the operator cancels the elector, and a renewal in flight at that moment
   * is logged with its stack trace (a known fabric8 7.5.2 behaviour; the Lease is then released).
   */
  List<String> problems() {
    return lines(Level.WARN).stream().filter(l -> !interruptedLeaseCall(l)).toList();
  }

  static boolean interruptedLeaseCall(String line) {
    return line.contains("LeaderElector - Exception occurred while acquiring lock")
        && line.contains("Caused by: java.lang.InterruptedException");
  }

  List<String> lines(Level atLeast) {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
          .map(LogCapture::text)
          .filter(t -> t.contains(about))
          .toList();
    }
  }

  private static String text(ILoggingEvent e) {
    String line = e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage();
    return e.getThrowableProxy() == null
        ? line
        : line + "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
