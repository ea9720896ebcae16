package io.anbefal.engine.rules;

import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Which items of an {@link ItemAttributes} an expression selects: a bit per item with attributes, and whether an
 * item without any attributes (one the catalog does not know) is selected too.
 */
public final class Selection {

    private final BitSet bits;
    private final int size;
    private final ItemAttributes.Names names;

    Selection(BitSet bits, int size, ItemAttributes.Names names) {
        this.bits = bits;
        this.size = size;
        this.names = names;
    }

    /** Whether an item without attributes is selected. */
    public boolean selectsUnknown() {
        return bits.get(size);
    }

    /** Whether the item of this dense id is selected. */
    boolean selects(int id) {
        return bits.get(id);
    }

    /** How many items with attributes are selected. */
    public int count() {
        return bits.cardinality() - (selectsUnknown() ? 1 : 0);
    }

    /** How many items have attributes. */
    public int size() {
        return size;
    }

    /** Calls {@code action} with the id of every item with attributes that is ({@code selected}) or is not selected. */
    public void forEach(boolean selected, Consumer<String> action) {
        for (int i = selected ? bits.nextSetBit(0) : bits.nextClearBit(0); i >= 0 && i < size;
             i = selected ? bits.nextSetBit(i + 1) : bits.nextClearBit(i + 1)) {
            action.accept(names.name(i));
        }
    }
}
