package io.browserstate.api;

/**
 * A file the save did not include, with the reason. Saves report every skip; none is silent.
 *
 * @param path the path relative to the profile root, {@code /}-separated
 * @param size the file's size in bytes when it was scanned
 * @param reason why it was skipped, e.g. "larger than maxFileSize (5242880 bytes)"
 * @since 0.1
 */
public record SkippedFile(String path, long size, String reason) {
}
