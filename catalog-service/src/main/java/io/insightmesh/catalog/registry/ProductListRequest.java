package io.insightmesh.catalog.registry;

/**
 * The filters and paging of {@code GET /api/v1/products}, as sent; an absent or empty parameter
 * does not filter.
 *
 * @param q words that must all occur, case-insensitively, in the product's id, description, tags,
 *     or field names and docs
 * @param pageSize 1 to 200 products per page, 50 when absent
 * @param pageToken the {@code nextPageToken} of the previous page
 */
public record ProductListRequest(
    String domain,
    String tag,
    String classification,
    String status,
    String q,
    String pageSize,
    String pageToken) {}
