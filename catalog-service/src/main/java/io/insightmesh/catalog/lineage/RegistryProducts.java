package io.insightmesh.catalog.lineage;

import io.insightmesh.catalog.registry.Product;
import io.insightmesh.catalog.registry.ProductId;
import io.insightmesh.catalog.registry.ProductQuery;
import io.insightmesh.catalog.registry.ProductStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves tables to products from the product registry, read only. A resolver reads the registry
 * once, on first use, so one request sees one consistent registry however many datasets it names.
 */
@ApplicationScoped
class RegistryProducts {
  private static final int PAGE = 200;
  private static final ProductQuery ALL =
      new ProductQuery(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  private final ProductStore store;

  RegistryProducts(ProductStore store) {
    this.store = store;
  }

  /** A resolver over the registry as it is when the resolver is first asked. */
  ProductResolver resolver() {
    return new ProductResolver() {
      private Map<String, String> productsByTable;
      private Set<String> products;

      @Override
      public Optional<String> productOf(String table) {
        load();
        return Optional.ofNullable(productsByTable.get(table));
      }

      @Override
      public boolean isProduct(String productId) {
        load();
        return products.contains(productId);
      }

      private void load() {
        if (products != null) {
          return;
        }
        Map<String, String> byTable = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Optional<ProductId> after = Optional.empty();
        while (true) {
          List<Product> page = store.list(ALL, after, PAGE);
          for (Product product : page) {
            String id = product.id().toString();
            ids.add(id);
            // Products are listed in id order, so the first product naming a table keeps it.
            byTable.putIfAbsent(
                product.definition().icebergTable().toString().toLowerCase(Locale.ROOT), id);
          }
          if (page.size() < PAGE) {
            break;
          }
          after = Optional.of(page.get(page.size() - 1).id());
        }
        productsByTable = byTable;
        products = ids;
      }
    };
  }
}
