-- coupon-fetch shared rate budgets (RateBudgetStores.jdbc), for PostgreSQL 12 or later.
-- The store runs this script itself when it starts; run it yourself (psql, Flyway, Liquibase)
-- where the application's database user may not create tables. It can be run again safely.

-- Requests taken per budget (an opaque hash of endpoint origin and credentials) and fixed window
-- (its start, epoch milliseconds). Rows of past windows are deleted by the store as it goes.
CREATE TABLE IF NOT EXISTS coupon_fetch_rate_budget (
  budget_key   VARCHAR(512) NOT NULL,
  window_start BIGINT       NOT NULL,
  used         INTEGER      NOT NULL,
  PRIMARY KEY (budget_key, window_start)
);
