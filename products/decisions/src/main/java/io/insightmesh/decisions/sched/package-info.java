/**
 * How the engine's threads ask Linux's scheduler for what their work needs: a real-time policy for
 * the threads answers wait on while they use at most a share of the cores ({@link RealtimeAnswers},
 * ADR 0021), a short time slice for them otherwise ({@link SchedulerSlice}, ADR 0015), and a lower
 * priority for the work that must not delay them ({@link BackgroundPriority}, ADR 0012); and work
 * prepared on helper threads ahead of the one thread that keeps it, for a restart's take-back of
 * what the engine decided before ({@link ReadAhead}).
 */
package io.insightmesh.decisions.sched;
