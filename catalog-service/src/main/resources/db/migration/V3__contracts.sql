-- Every contract version of every product, immutable once stored: the schema a release promised
-- and the one the catalog enforces on commits to the product's tables.
CREATE TABLE IF NOT EXISTS product_contracts (
  product_id VARCHAR(129) NOT NULL REFERENCES products (id),
  contract_version VARCHAR(64) NOT NULL,
  major INT NOT NULL,
  schema_json VARCHAR NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  PRIMARY KEY (product_id, contract_version)
);

CREATE INDEX IF NOT EXISTS product_contracts_major ON product_contracts (product_id, major);
