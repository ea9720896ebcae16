package io.anbefal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first, simple engine: popularity, and item-to-item co-occurrence within a person's history.
 * It answers every default recommender name so the API can be used end to end; the real scoring engine
 * replaces it. Synchronized per service: correct, not fast.
 */
public final class SimpleEngine implements Engine {

    private static final Set<String> TYPES = Set.of("ItemToItemRecommender", "ProductForCustomerRecommender",
            "ShoppingBasketRecommender", "PopularRecommender", "RecentlyViewedRecommender", "ScoredItemsRecommender");

    private final Map<String, Model> models = new ConcurrentHashMap<>();

    private static final class Model {
        final Map<String, String> aliases = new HashMap<>();
        final Map<String, LinkedHashSet<String>> history = new HashMap<>();
        final Map<String, Double> popularity = new HashMap<>();
        final Map<String, Map<String, Double>> together = new HashMap<>();
        Map<String, String> settings = Map.of();
        long events;
    }

    private Model model(String service) {
        return models.computeIfAbsent(service, s -> new Model());
    }

    @Override
    public void configure(String service, Map<String, String> settings) {
        Model m = model(service);
        synchronized (m) {
            m.settings = Map.copyOf(settings);
        }
    }

    @Override
    public void apply(String service, List<Event> events) {
        Model m = model(service);
        synchronized (m) {
            for (Event e : events) {
                m.events++;
                if ("RECEXPOSURE".equals(e.what())) {
                    continue;
                }
                double w = "PURCHASE".equals(e.what()) ? 3 : 1;
                LinkedHashSet<String> items = m.history.computeIfAbsent(person(m, e.person()), p -> new LinkedHashSet<>());
                for (String item : e.entities()) {
                    m.popularity.merge(item, w, Double::sum);
                    for (String other : items) {
                        if (!other.equals(item)) {
                            m.together.computeIfAbsent(item, i -> new HashMap<>()).merge(other, w, Double::sum);
                            m.together.computeIfAbsent(other, i -> new HashMap<>()).merge(item, w, Double::sum);
                        }
                    }
                    items.remove(item);
                    items.add(item);
                }
            }
        }
    }

    @Override
    public void link(String service, String alias, String person) {
        Model m = model(service);
        synchronized (m) {
            String target = person(m, person);
            m.aliases.put(alias, target);
            LinkedHashSet<String> old = m.history.remove(alias);
            if (old != null && !alias.equals(target)) {
                m.history.computeIfAbsent(target, p -> new LinkedHashSet<>()).addAll(old);
            }
        }
    }

    private static String person(Model m, String id) {
        String p = id;
        for (int hops = 0; hops < 16 && m.aliases.containsKey(p); hops++) {
            p = m.aliases.get(p);
        }
        return p;
    }

    @Override
    public boolean hasRecommender(String service, String recommender) {
        return type(model(service), recommender) != null;
    }

    private static String type(Model m, String recommender) {
        String configured = m.settings.get("recommender." + recommender + ".type");
        if (configured != null) {
            return TYPES.contains(configured) ? configured : null;
        }
        return TYPES.contains(recommender) ? recommender : null;
    }

    @Override
    public Optional<Recommendation> recommend(String service, RecommendRequest request) {
        Model m = model(service);
        synchronized (m) {
            String type = type(m, request.recommender());
            if (type == null) {
                return Optional.empty();
            }
            Map<String, Double> scores = new HashMap<>();
            Set<String> exclude = new HashSet<>();
            switch (type) {
                case "ItemToItemRecommender", "ShoppingBasketRecommender" -> {
                    for (String item : request.externalIds()) {
                        m.together.getOrDefault(item, Map.of()).forEach((o, w) -> scores.merge(o, w, Double::sum));
                        exclude.add(item);
                    }
                    for (String tag : request.tags()) {
                        if (tag.startsWith("userid:")) {
                            exclude.addAll(m.history.getOrDefault(person(m, tag.substring(7)), new LinkedHashSet<>()));
                        }
                    }
                }
                case "ProductForCustomerRecommender" -> {
                    for (String id : request.externalIds()) {
                        Collection<String> seen = m.history.getOrDefault(person(m, id), new LinkedHashSet<>());
                        for (String item : seen) {
                            m.together.getOrDefault(item, Map.of()).forEach((o, w) -> scores.merge(o, w, Double::sum));
                        }
                        exclude.addAll(seen);
                    }
                }
                case "RecentlyViewedRecommender" -> {
                    for (String id : request.externalIds()) {
                        List<String> seen = new ArrayList<>(m.history.getOrDefault(person(m, id), new LinkedHashSet<>()));
                        for (int i = 0; i < seen.size(); i++) {
                            scores.put(seen.get(i), (double) i + 1);
                        }
                    }
                }
                default -> scores.putAll(m.popularity);
            }
            scores.keySet().removeAll(exclude);
            String origin = request.recommender();
            if (scores.isEmpty() && !type.equals("RecentlyViewedRecommender")) {
                scores.putAll(m.popularity);
                scores.keySet().removeAll(exclude);
                origin = "PopularRecommender";
            }
            List<Recommendation.ScoredItem> top = scores.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(request.num()).map(e -> new Recommendation.ScoredItem(e.getKey(), e.getValue())).toList();
            return Optional.of(new Recommendation(top, origin, type.equals("ScoredItemsRecommender")));
        }
    }

    @Override
    public ServiceCounts counts(String service) {
        Model m = model(service);
        synchronized (m) {
            Set<String> entities = new HashSet<>(m.popularity.keySet());
            return new ServiceCounts(m.history.size(), entities.size(), m.events);
        }
    }
}
