-- The product registry (DESIGN.md section 4). Identity is <domain>.<name>; both parts are
-- checked against an allowlist before they reach this table.
CREATE TABLE IF NOT EXISTS products (
  id VARCHAR(129) PRIMARY KEY,
  domain VARCHAR(64) NOT NULL,
  name VARCHAR(64) NOT NULL,
  owner_team VARCHAR(128) NOT NULL,
  owner_contact VARCHAR(254) NOT NULL,
  description VARCHAR(4000) NOT NULL,
  -- JSON arrays, read and written whole with the product.
  tags_json VARCHAR(2000) NOT NULL,
  classification VARCHAR(16) NOT NULL,
  freshness_sla VARCHAR(64) NOT NULL,
  contract_version VARCHAR(32) NOT NULL,
  iceberg_table VARCHAR(255) NOT NULL,
  fields_json VARCHAR NOT NULL,
  table_fields_json VARCHAR NOT NULL,
  -- Lower-cased id, description, tags and field names: what a search matches with LIKE.
  search_text VARCHAR NOT NULL,
  status VARCHAR(16) NOT NULL,
  deprecation_reason VARCHAR(1000),
  successor VARCHAR(129),
  deprecated_at TIMESTAMP WITH TIME ZONE,
  deprecated_by VARCHAR(255),
  retired_at TIMESTAMP WITH TIME ZONE,
  retired_by VARCHAR(255),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by VARCHAR(255) NOT NULL,
  CONSTRAINT products_identity UNIQUE (domain, name)
);

CREATE INDEX IF NOT EXISTS products_classification ON products (classification);
CREATE INDEX IF NOT EXISTS products_status ON products (status);
CREATE INDEX IF NOT EXISTS products_iceberg_table ON products (iceberg_table);

-- One row per tag, for ?tag= filters; products.tags_json keeps the order the owner gave.
CREATE TABLE IF NOT EXISTS product_tags (
  product_id VARCHAR(129) NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tag VARCHAR(40) NOT NULL,
  PRIMARY KEY (product_id, tag)
);

CREATE INDEX IF NOT EXISTS product_tags_tag ON product_tags (tag);

-- Releases are immutable: inserted once, never updated. sequence orders them newest first.
CREATE TABLE IF NOT EXISTS product_releases (
  sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id VARCHAR(129) NOT NULL REFERENCES products (id),
  version VARCHAR(128) NOT NULL,
  snapshot_id BIGINT NOT NULL,
  row_count BIGINT NOT NULL,
  contract_version VARCHAR(32) NOT NULL,
  quality_results VARCHAR,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  CONSTRAINT product_releases_version UNIQUE (product_id, version)
);
