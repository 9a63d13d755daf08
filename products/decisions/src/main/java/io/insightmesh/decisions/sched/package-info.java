/**
 * How the engine's threads ask Linux's scheduler for what their work needs: a short time slice for
 * the threads answers wait on (ADR 0015). The background's lower priorities are {@link
 * io.insightmesh.decisions.table.BackgroundPriority}'s (ADR 0012).
 */
package io.insightmesh.decisions.sched;
