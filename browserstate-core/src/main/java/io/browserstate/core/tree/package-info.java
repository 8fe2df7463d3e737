/**
 * The one tree pipeline that every save and every restore goes through, whatever the format: the
 * rules for names ({@link io.browserstate.core.tree.TreeNames}), link resolution as the kernel does it
 * ({@link io.browserstate.core.tree.LinkResolver}), the validated plan of a tree to restore with its
 * limits ({@link io.browserstate.core.tree.TreePlan}), the private staging directory moved into place
 * at the end ({@link io.browserstate.core.tree.StagingDirectory}), writes that never follow a link
 * ({@link io.browserstate.core.tree.TreeWriter}) and deletion of a tree ({@link io.browserstate.core.tree.Trees}).
 *
 * <p>Everything a restore reads from a store is treated as hostile: a plan is validated whole before
 * anything is written, and nothing is ever written outside the staging directory.
 *
 * @since 0.2
 */
@NullMarked
package io.browserstate.core.tree;

import org.jspecify.annotations.NullMarked;
