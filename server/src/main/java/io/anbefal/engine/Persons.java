package io.anbefal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The identities of one service: person ids (customer ids, visitor ids) to dense ints, and the links between
 * them as a union-find forest whose roots are the persons that linked ids count as. Holds each person's
 * {@link Person} history; what is learnt from it is {@link ServiceModel}'s. Not thread-safe by itself.
 */
final class Persons {

    final IdIndex ids = new IdIndex();
    /** Union-find parent of each person id; a root is the person that linked ids count as. */
    int[] parent = new int[16];
    final List<Person> people = new ArrayList<>();

    /** The root person of an id, created if new. */
    Person person(String id) {
        return people.get(root(id(id)));
    }

    /** The root person of an id, or null if the id is unknown. */
    Person find(String id) {
        int p = ids.find(id);
        return p < 0 ? null : people.get(root(p));
    }

    /**
     * The id of the root of an id's identity: the id that all ids linked with it count as (for a visitor linked to
     * a customer, the customer's root). The id itself when it is unknown or linked to nothing.
     */
    String rootId(String id) {
        int p = ids.find(id);
        return p < 0 ? id : ids.name(root(p));
    }

    /** Whether two known ids count as one person (the same root); false when either is unknown. */
    boolean same(String a, String b) {
        Person pa = find(a);
        return pa != null && pa == find(b);
    }

    /** {@code alias}'s history joins {@code person}'s; both ids count as one person from now on. */
    void link(String alias, String person) {
        int a = root(id(alias));
        int b = root(id(person));
        if (a == b) {
            return;
        }
        people.get(b).absorb(people.get(a));
        parent[a] = b;
    }

    private int id(String id) {
        int p = ids.intern(id);
        if (p == people.size()) {
            if (p == parent.length) {
                parent = Arrays.copyOf(parent, p * 2);
            }
            parent[p] = p;
            people.add(new Person());
        }
        return p;
    }

    int root(int p) {
        while (parent[p] != p) {
            parent[p] = parent[parent[p]];
            p = parent[p];
        }
        return p;
    }

    /** Distinct persons: linked ids counted once. */
    int roots() {
        int roots = 0;
        for (int p = 0; p < people.size(); p++) {
            if (parent[p] == p) {
                roots++;
            }
        }
        return roots;
    }

    /** Every person's distinct items (linked ids as one person), for models fitted over whole histories. */
    int[][] itemSets() {
        List<int[]> rows = new ArrayList<>();
        for (int p = 0; p < people.size(); p++) {
            IntFloatMap items = people.get(p).interacted;
            if (parent[p] == p && items.size() > 0) {
                rows.add(Arrays.copyOf(items.keys, items.size()));
            }
        }
        return rows.toArray(new int[0][]);
    }
}
