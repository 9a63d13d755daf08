/**
 * The profiles domain's pipeline: {@code profiles.claimant_profiles} from a pinned {@code
 * claims.claims} release and the reference registers. {@link
 * io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline} is the entry point (found by
 * {@link java.util.ServiceLoader} as a {@link io.insightmesh.sdk.publish.ProductPipeline}); the
 * rest is package-private.
 *
 * <p>How each feature of the contract is computed, per {@code claimant_id} of the release:
 *
 * <ul>
 *   <li>{@code nino}: the NINO of the claimant's latest claim (by {@code submitted_at}, then {@code
 *       claim_id}); the self-assessment and deceased registers are matched on it. Likewise the
 *       claimant's company is the {@code company_number} of their latest claim that has one.
 *   <li>{@code prior_declared_income}: the average {@code trading_profit} of the self-assessment
 *       returns for the tax years 2016-17 to 2018-19 (the SEISS basis), rounded to the penny; null
 *       when none was filed.
 *   <li>{@code paye_monthly_pay}: the company's PAYE gross pay per employee per month over the
 *       twelve months before March 2020 (sum of gross pay over sum of employees), rounded to the
 *       penny; null without returns in that window.
 *   <li>{@code claims_per_scheme}: claims per scheme, every scheme a key (0 when none).
 *   <li>{@code total_claimed}: the sum of {@code amount_claimed}.
 *   <li>{@code max_claim_to_cap_ratio}: the largest {@code amount_claimed} / cap over the
 *       claimant's claims, to 4 decimal places, at most 1000. Caps, in {@code SchemeRules} with the
 *       rules they come from: SEISS £7,500 a grant; CJRS £2,500 per employee per month of the claim
 *       period, part months pro rata by day; SSP rebate two weeks at £95.85 per employee; BBL
 *       £50,000. A claim without employees is capped with its employer's PAYE headcount.
 *   <li>{@code shared_bank_account_claimants}: the other claimants paid into any of the claimant's
 *       accounts (sort code and number), each counted once, but for related ones: a claimant who
 *       paid into the same account under the same NINO (a sole trader and their company).
 *   <li>{@code shared_device_claimants}, {@code shared_ip_claimants}: the other claimants with a
 *       claim from any of the claimant's devices or IP addresses, each counted once.
 *   <li>{@code account_age_days}: days from the claimant's first tax record — the start (6 April)
 *       of their first self-assessment tax year, or their company's first PAYE month, whichever is
 *       earlier — to the opening of the first scheme they claimed under; null without records.
 *   <li>{@code company_incorporated_on}: the company's {@code incorporated_on} in the companies
 *       register; {@code incorporated_after_cutoff}: whether that is after 19 March 2020 (false
 *       without a company).
 *   <li>{@code deceased}: whether the claimant's NINO is on the deceased register with a date of
 *       death before the (UTC) day of their latest claim, or with no date.
 *   <li>{@code built_at}: when the row was computed; {@code claims_release}: {@code v<release>}.
 * </ul>
 */
package io.insightmesh.products.profiles.pipeline;
