/**
 * How the engine's threads ask Linux's scheduler for what their work needs: a short time slice for
 * the threads answers wait on ({@link SchedulerSlice}, ADR 0015) and a lower priority for the work
 * that must not delay them ({@link BackgroundPriority}, ADR 0012).
 */
package io.insightmesh.decisions.sched;
