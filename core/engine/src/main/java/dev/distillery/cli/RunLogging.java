package dev.distillery.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Sends the whole log (all levels from Distillery, warnings from libraries) to logs/run.log. */
final class RunLogging {

  private RunLogging() {}

  /**
   * Shows one logger's info lines on standard output (a worker's "runs stage ..." lines), without
   * also passing them to the root's warnings-only console.
   */
  static void infoToConsole(String loggerName) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss} %-5level %msg%n");
    encoder.start();
    ch.qos.logback.core.ConsoleAppender<ILoggingEvent> appender =
        new ch.qos.logback.core.ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("console-" + loggerName);
    appender.setEncoder(encoder);
    // info lines only: warnings and errors reach the console through the root's appender, and
    // everything still reaches the log file (the logger stays additive)
    ch.qos.logback.classic.filter.LevelFilter infoOnly =
        new ch.qos.logback.classic.filter.LevelFilter();
    infoOnly.setLevel(ch.qos.logback.classic.Level.INFO);
    infoOnly.setOnMatch(ch.qos.logback.core.spi.FilterReply.ACCEPT);
    infoOnly.setOnMismatch(ch.qos.logback.core.spi.FilterReply.DENY);
    infoOnly.start();
    appender.addFilter(infoOnly);
    appender.start();
    Logger logger = context.getLogger(loggerName);
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    logger.addAppender(appender);
  }

  /** Sends the log to {@code file} from now on (replacing the previous run's file, if any). */
  static void toFile(Path file) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("run-log");
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var previous = root.getAppender("run-log");
    if (previous != null) {
      root.detachAppender(previous);
      previous.stop();
    }
    root.addAppender(appender);
    // the run's own lines (stage starts and ends, epochs, failures with their reason) go to the
    // file only: the terminal shows them as progress lines already
    Logger run = context.getLogger(ProgressDisplay.RUN_LOG.getName());
    run.detachAndStopAllAppenders();
    run.setLevel(ch.qos.logback.classic.Level.INFO);
    run.setAdditive(false);
    run.addAppender(appender);
  }
}
