package io.anbefal.engine;

/**
 * One recommend request as the steps see it: the service's model (read under its read lock), its basket
 * models, what was asked, and its rules bound to the model. Resolves the request's ids against the model.
 */
record Query(ServiceModel model, BasketModels baskets, RecommendRequest request, BoundRules rules) {

    Query(ServiceModel model, BasketModels baskets, RecommendRequest request) {
        this(model, baskets, request, BoundRules.NONE);
    }

    int num() {
        return request.num();
    }

    /** The person a {@code userid:X} tag names (the last such tag), or null. */
    Person taggedPerson() {
        Person person = null;
        for (String tag : request.tags()) {
            if (tag.startsWith("userid:")) {
                person = model.persons.find(tag.substring(7));
            }
        }
        return person;
    }

    /** The first asked id that is a known person, or null. */
    Person askedPerson() {
        for (String id : request.externalIds()) {
            Person p = model.persons.find(id);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** The asked person if any, else the tagged one. */
    Person askedOrTaggedPerson() {
        Person asked = askedPerson();
        return asked != null ? asked : taggedPerson();
    }

    /** The dense ids of the asked ids that are known entities, in the order asked. */
    int[] knownItems() {
        int[] known = new int[request.externalIds().size()];
        int size = 0;
        for (String id : request.externalIds()) {
            int i = model.items.find(id);
            if (i >= 0) {
                known[size++] = i;
            }
        }
        return size == known.length ? known : java.util.Arrays.copyOf(known, size);
    }

    /** The one known entity asked about (named once or more), or -1 when none or several. */
    int singleKnownItem() {
        int known = -1;
        for (String id : request.externalIds()) {
            int i = model.items.find(id);
            if (i >= 0) {
                if (known >= 0 && known != i) {
                    return -1;
                }
                known = i;
            }
        }
        return known;
    }
}
