package io.browserstate.playwright;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and kills the Chromium a test launched, by its unique profile directory and by PID. */
final class BrowserProcesses {

    private BrowserProcesses() {
    }

    /** The browser's main process: the one started with this profile directory that is no helper ({@code --type=}). */
    static ProcessHandle mainProcess(Path profileDirectory) {
        String marker = "--user-data-dir=" + profileDirectory;
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> {
                    String cmd = p.info().commandLine().orElse("");
                    return cmd.contains(marker) && !cmd.contains("--type=");
                })
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("Expected one browser process for " + profileDirectory + ", found " + found.size());
        }
        return found.get(0);
    }

    /** SIGKILLs the browser started on {@code profileDirectory} and all its children, and waits until they are gone. */
    static void killTree(Path profileDirectory) throws Exception {
        ProcessHandle main = mainProcess(profileDirectory);
        List<ProcessHandle> tree = main.descendants().toList();
        main.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        main.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle child : tree) {
            child.onExit().get(10, TimeUnit.SECONDS);
        }
    }
}
