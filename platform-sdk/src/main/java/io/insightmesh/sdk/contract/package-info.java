/**
 * Data-product contracts: Avro record schemas whose fields carry {@code doc}, {@code pii}, {@code
 * mask} and {@code quality} (DESIGN.md §4), and the rules that classify a change between two
 * contract versions as {@link io.insightmesh.sdk.contract.ChangeLevel#PATCH PATCH}, {@link
 * io.insightmesh.sdk.contract.ChangeLevel#MINOR MINOR} or {@link
 * io.insightmesh.sdk.contract.ChangeLevel#MAJOR MAJOR}.
 *
 * <p>Entry points: {@link io.insightmesh.sdk.contract.ContractSchemas} parses and checks a
 * contract, {@link io.insightmesh.sdk.contract.ContractCompatibility} classifies a change, {@link
 * io.insightmesh.sdk.contract.ReleaseCheck} refuses a version bump smaller than the change. The
 * rules themselves, each with its level and reason, are {@link
 * io.insightmesh.sdk.contract.ChangeRule}. Contracts are parsed, never compiled into code.
 */
package io.insightmesh.sdk.contract;
