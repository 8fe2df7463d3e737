package io.browserstate.bench;

/**
 * One of the targets, evaluated on this run.
 *
 * @param name what is promised
 * @param measured the figure this run produced, in words
 * @param met whether the target was met; {@code null} when it could not be measured
 */
record Target(String name, String measured, Boolean met) {
}
