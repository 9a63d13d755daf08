/**
 * How the engine's threads ask Linux's scheduler for what their work needs: a real-time policy for
 * the threads answers wait on while they use at most a share of the cores ({@link RealtimeAnswers},
 * ADR 0021), a short time slice for them otherwise ({@link SchedulerSlice}, ADR 0015), and a lower
 * priority for the work that must not delay them ({@link BackgroundPriority}, ADR 0012).
 */
package io.insightmesh.decisions.sched;
