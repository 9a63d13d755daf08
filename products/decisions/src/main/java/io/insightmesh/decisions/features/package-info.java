/**
 * The scoring engine's inputs: the live state it keeps itself ({@link
 * io.insightmesh.decisions.features.VelocityCounters}, {@link
 * io.insightmesh.decisions.features.BlockLists}) and the {@link
 * io.insightmesh.decisions.features.FeatureVector} that joins a claim, its claimant's profile, that
 * live state and the scheme caps into the variables the analysts' rules read (declared by {@link
 * io.insightmesh.decisions.features.FeatureSchema}).
 *
 * <p>Plain Java with no CEL, CDI or HTTP types: the rules package turns a feature vector into a CEL
 * activation, and the service layer decides where the state lives.
 */
package io.insightmesh.decisions.features;
