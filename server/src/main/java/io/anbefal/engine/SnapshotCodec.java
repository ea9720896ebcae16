package io.anbefal.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * The snapshot form of a {@link ServiceModel}: everything it learnt (not its settings, nor what it derives and
 * caches), so that {@link #read} restores a model that answers exactly as the one {@link #write} wrote. Big-endian
 * through {@link DataOutput} and {@link DataInput} (ids by {@code writeUTF}); the file around it, its position
 * and checksum are {@code app/ModelSnapshot}'s.
 */
final class SnapshotCodec {

    private SnapshotCodec() {
    }

    static void write(ServiceModel m, DataOutput out) throws IOException {
        write(m.items, out);
        Persons persons = m.persons;
        write(persons.ids, out);
        for (int p = 0; p < persons.people.size(); p++) {
            out.writeInt(persons.parent[p]);
            write(persons.people.get(p), out);
        }
        for (int i = 0; i < m.items.size(); i++) {
            out.writeFloat(m.popularity[i]);
            out.writeDouble(m.trend[i]);
            out.writeBoolean(m.category[i]);
            int[] cats = m.itemCategories[i];
            out.writeInt(cats == null ? -1 : cats.length);
            for (int k = 0; cats != null && k < cats.length; k++) {
                out.writeInt(cats[k]);
            }
            write(m.cooccurrence.get(i), out);
        }
        out.writeLong(m.trendOrigin);
        out.writeLong(m.events);
    }

    /** The model {@link #write} wrote, with these settings. */
    static ServiceModel read(DataInput in, EngineSettings settings) throws IOException {
        ServiceModel m = new ServiceModel(settings);
        read(in, m.items);
        Persons persons = m.persons;
        read(in, persons.ids);
        int people = persons.ids.size();
        persons.parent = new int[Math.max(16, people)];
        for (int p = 0; p < people; p++) {
            persons.parent[p] = in.readInt();
            persons.people.add(readPerson(in));
        }
        int n = m.items.size();
        int capacity = Math.max(16, n);
        m.popularity = new float[capacity];
        m.trend = new double[capacity];
        m.category = new boolean[capacity];
        m.itemCategories = new int[capacity][];
        for (int i = 0; i < n; i++) {
            m.popularity[i] = in.readFloat();
            m.trend[i] = in.readDouble();
            m.category[i] = in.readBoolean();
            int cats = in.readInt();
            if (cats >= 0) {
                m.itemCategories[i] = new int[cats];
                for (int k = 0; k < cats; k++) {
                    m.itemCategories[i][k] = in.readInt();
                }
            }
            m.cooccurrence.add(readMap(in));
        }
        m.trendOrigin = in.readLong();
        m.events = in.readLong();
        m.configure(settings); // the popularity powers of every item, and empty caches
        return m;
    }

    private static void write(Person p, DataOutput out) throws IOException {
        out.writeInt(p.length);
        for (int k = 0; k < p.length; k++) {
            out.writeInt(p.seq[k]);
            out.writeFloat(p.seqWeight[k]);
            out.writeLong(p.seqTime[k]);
        }
        for (IntFloatMap map : List.of(p.interacted, p.purchased, p.exposures, p.clicks, p.categories)) {
            write(map, out);
        }
    }

    private static Person readPerson(DataInput in) throws IOException {
        int n = in.readInt();
        int[] seq = new int[Math.max(8, n)];
        float[] weights = new float[seq.length];
        long[] times = new long[seq.length];
        for (int k = 0; k < n; k++) {
            seq[k] = in.readInt();
            weights[k] = in.readFloat();
            times[k] = in.readLong();
        }
        Person p = new Person(readMap(in), readMap(in), readMap(in), readMap(in), readMap(in));
        p.seq = seq;
        p.seqWeight = weights;
        p.seqTime = times;
        p.length = n;
        return p;
    }

    private static void write(IdIndex index, DataOutput out) throws IOException {
        out.writeInt(index.size());
        for (int id = 0; id < index.size(); id++) {
            out.writeUTF(index.name(id));
        }
    }

    /** Interns, in order, the ids {@link #write(IdIndex, DataOutput)} wrote (into an empty index). */
    private static void read(DataInput in, IdIndex index) throws IOException {
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
            index.intern(in.readUTF());
        }
    }

    private static void write(IntFloatMap map, DataOutput out) throws IOException {
        out.writeInt(map.size());
        for (int k = 0; k < map.size(); k++) {
            out.writeInt(map.keys[k]);
            out.writeFloat(map.values[k]);
        }
    }

    /** A map of the entries {@link #write(IntFloatMap, DataOutput)} wrote, in the same order. */
    private static IntFloatMap readMap(DataInput in) throws IOException {
        int n = in.readInt();
        IntFloatMap map = new IntFloatMap(n);
        for (int k = 0; k < n; k++) {
            map.add(in.readInt(), in.readFloat());
        }
        return map;
    }

    /** A service's item facts, after its model. */
    static void writeFacts(Map<String, Map<String, Object>> facts, DataOutput out) throws IOException {
        out.writeInt(facts.size());
        for (Map.Entry<String, Map<String, Object>> item : facts.entrySet()) {
            out.writeUTF(item.getKey());
            out.writeInt(item.getValue().size());
            for (Map.Entry<String, Object> a : item.getValue().entrySet()) {
                out.writeUTF(a.getKey());
                out.writeUTF(String.valueOf(a.getValue()));
            }
        }
    }

    static Map<String, Map<String, String>> readFacts(DataInput in) throws IOException {
        Map<String, Map<String, String>> facts = new HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String item = in.readUTF();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int k = in.readInt(); k > 0; k--) {
                attributes.put(in.readUTF(), in.readUTF());
            }
            facts.put(item, attributes);
        }
        return facts;
    }
}
