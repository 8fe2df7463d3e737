package io.browserstate.cli;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.EncryptionKeyException;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.Outcome;
import io.browserstate.api.StorageException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code browserstate} command: see, check, copy and clean what a store holds. Configured like the
 * library: {@code --uri} (or {@code BROWSERSTATE_URI}), {@code --option k=v} (or
 * {@code BROWSERSTATE_OPTIONS}), or {@code --config FILE} with {@code storage.uri} and {@code storage.*}.
 */
@Command(name = "browserstate", mixinStandardHelpOptions = true, versionProvider = BrowserStateCli.Version.class,
        description = "See, check, copy and clean the browser profiles a BrowserState store holds.",
        subcommands = {Commands.Ls.class, Commands.Info.class, Commands.History.class, Commands.Diff.class, Commands.Export.class,
            Commands.Import.class, Commands.Rm.class, Commands.Fork.class, Commands.Rollback.class, Commands.Verify.class,
            Commands.Gc.class, Commands.Stats.class, Commands.Migrate.class, Commands.Rekey.class, Commands.Doctor.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed for another reason (the message says which)",
            "2:wrong usage (unknown command or option)",
            "3:session not found",
            "4:conflict: the session is in use, or changed since",
            "5:corrupt data: a stored chunk, manifest or head failed its checks",
            "6:the store cannot be reached, or refused the operation",
            "7:invalid configuration",
            "8:doctor found something that can lose data",
            "9:encryption key missing or wrong"})
public final class BrowserStateCli {
    /** Exit code: done. */
    public static final int OK = 0;
    /** Exit code: failed for another reason. */
    public static final int FAILED = 1;
    /** Exit code: wrong usage. */
    public static final int USAGE = 2;
    /** Exit code: session not found. */
    public static final int NOT_FOUND = 3;
    /** Exit code: conflict. */
    public static final int CONFLICT = 4;
    /** Exit code: corrupt data. */
    public static final int CORRUPT = 5;
    /** Exit code: store unreachable or refusing. */
    public static final int UNREACHABLE = 6;
    /** Exit code: invalid configuration. */
    public static final int INVALID = 7;
    /** Exit code: the doctor found a danger. */
    public static final int UNHEALTHY = 8;
    /** Exit code: an encryption key is missing or wrong. */
    public static final int KEY = 9;

    private BrowserStateCli() {
    }

    public static void main(String[] args) {
        withoutFlightRecorderEvents();
        System.exit(run(args));
    }

    /**
     * Lettuce and Netty register their Flight Recorder event classes when the JDK has JFR, which
     * starts JFR's own machinery: about 70 ms of a new process, for events a short command never
     * records. The command turns both off unless the JVM was given a choice ({@code JAVA_OPTS=
     * -Dio.lettuce.core.jfr=true -Dio.netty.jfr.enabled=true} keeps them, for a recording). The
     * library itself leaves them as Lettuce and Netty default.
     */
    static void withoutFlightRecorderEvents() {
        for (String property : new String[] {"io.lettuce.core.jfr", "io.netty.jfr.enabled"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "false");
            }
        }
    }

    /** Runs the command line and returns its exit code. */
    static int run(String... args) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : "");
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            err.println("browserstate: " + message(e));
            err.flush();
            return exitCode(e);
        });
        return cli.execute(args);
    }

    /**
     * The whole command tree for help and for a name that is not a command; for a command's name, that
     * command alone under a bare root. Picocli reflects over every command's annotations when it builds a
     * tree, a measurable part of a new process's start; the command's own parsing, help and errors are the
     * same either way (its usage still reads {@code browserstate NAME}).
     */
    static CommandLine commandLine(String first) {
        for (Class<?> command : BrowserStateCli.class.getAnnotation(Command.class).subcommands()) {
            if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(first)) {
                return new CommandLine(Root.class).addSubcommand(new CommandLine(command));
            }
        }
        return new CommandLine(BrowserStateCli.class);
    }

    /** The root above a single command: its name and standard options, none of the others. */
    @Command(name = "browserstate", mixinStandardHelpOptions = true, versionProvider = BrowserStateCli.Version.class)
    static final class Root {
    }

    static int exitCode(Throwable e) {
        switch (Outcome.of(e)) {
            case NOT_FOUND:
                return NOT_FOUND;
            case CONFLICT:
                return CONFLICT;
            case CORRUPT:
                return CORRUPT;
            default:
                break;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptionKeyException) {
                return KEY;
            }
            if (t instanceof InvalidConfigurationException || t instanceof IllegalArgumentException) {
                return INVALID;
            }
            if (t instanceof StorageException) {
                return UNREACHABLE;
            }
        }
        return FAILED;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof BrowserStateException || m != null) {
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return e.toString();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BrowserStateCli.class.getPackage().getImplementationVersion();
            return new String[] {"browserstate " + (v == null ? "(development build)" : v)};
        }
    }
}
