package io.anbefal.catalog;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service's full-text index of its product records: Apache Lucene over an in-memory directory, updated with
 * every catalog write (a record replaces the document of its product id) and rebuilt from the catalog at start.
 * <p>
 * Fields: {@code title} (weight 3), {@code categories} and {@code tags} (weight 2), and every other textual value of
 * the record, {@code description} included (weight 1), all with Lucene's English analyzer (lower case, stop words,
 * Porter stemming: "jeans" finds "Jeans" and "jean"); plus an unstemmed copy of all of it for spelling suggestions.
 */
public final class ProductIndex {

    private static final String ID = "id";
    private static final String TITLE = "title";
    private static final String CATS = "cats";
    private static final String TEXT = "text";
    private static final String SPELL = "spell";
    private static final Map<String, Float> WEIGHTS = Map.of(TITLE, 3f, CATS, 2f, TEXT, 1f);

    private final Analyzer analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(),
            Map.of(SPELL, new StandardAnalyzer()));
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** One hit: a product id and its relevance (Lucene's BM25 score, higher is better). */
    public record Hit(String productId, float score) {
    }

    /**
     * The hits of a query, best first.
     *
     * @param hits      every matching product
     * @param corrected the query with misspelt words replaced when the query as given found nothing and the
     *                  corrected one did; null otherwise
     */
    public record Result(List<Hit> hits, String corrected) {
    }

    public ProductIndex() {
        try {
            writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(analyzer));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces the documents of these records. */
    void put(Map<String, Map<String, Object>> records) {
        try {
            for (Map.Entry<String, Map<String, Object>> r : records.entrySet()) {
                writer.updateDocument(new Term(ID, r.getKey()), document(r.getKey(), r.getValue()));
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(List<String> ids) {
        try {
            for (String id : ids) {
                writer.deleteDocuments(new Term(ID, id));
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document document(String id, Map<String, Object> record) {
        Document d = new Document();
        d.add(new StringField(ID, id, Field.Store.YES));
        StringBuilder all = new StringBuilder();
        record.forEach((name, value) -> {
            if (name.equals(ProductCatalog.PRODUCT_ID)) {
                return;
            }
            String field = switch (name) {
                case "title" -> TITLE;
                case "categories", "tags" -> CATS;
                default -> TEXT;
            };
            StringBuilder text = new StringBuilder();
            collect(value, text);
            if (!text.isEmpty()) {
                d.add(new TextField(field, text.toString(), Field.Store.NO));
                all.append(text).append(' ');
            }
        });
        d.add(new TextField(SPELL, all.toString(), Field.Store.NO));
        return d;
    }

    /** The textual content of a JSON value: strings, and the strings inside lists and objects. */
    private static void collect(Object value, StringBuilder out) {
        if (value instanceof String s) {
            out.append(s).append(' ');
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        }
    }

    /**
     * Finds the products matching {@code q}: every word of it (in any field) when some product has them all,
     * otherwise any word; when that finds nothing either, the query with misspelt words corrected. A blank query
     * matches every product (equal scores).
     */
    public Result search(String q) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                if (q == null || q.isBlank() || q.trim().equals("*")) {
                    return new Result(run(searcher, new MatchAllDocsQuery()), null);
                }
                List<Hit> hits = match(searcher, q);
                if (!hits.isEmpty()) {
                    return new Result(hits, null);
                }
                String corrected = correct(searcher, q);
                if (corrected != null) {
                    hits = match(searcher, corrected);
                    if (!hits.isEmpty()) {
                        return new Result(hits, corrected);
                    }
                }
                return new Result(List.of(), null);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Hit> match(IndexSearcher searcher, String q) throws IOException {
        List<String> terms = terms(TEXT, q);
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Hit> all = run(searcher, query(terms, BooleanClause.Occur.MUST));
        return all.isEmpty() && terms.size() > 1 ? run(searcher, query(terms, BooleanClause.Occur.SHOULD)) : all;
    }

    private static Query query(List<String> terms, BooleanClause.Occur occur) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : terms) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            WEIGHTS.forEach((field, w) -> any.add(new BoostQuery(new TermQuery(new Term(field, t)), w),
                    BooleanClause.Occur.SHOULD));
            b.add(any.build(), occur);
        }
        return b.build();
    }

    private List<Hit> run(IndexSearcher searcher, Query query) throws IOException {
        int n = Math.max(1, searcher.getIndexReader().numDocs());
        TopDocs top = searcher.search(query, n);
        List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
        var stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
            hits.add(new Hit(stored.document(sd.doc).get(ID), sd.score));
        }
        return hits;
    }

    /** The query with each word the index does not know replaced by its closest known word; null if none. */
    private String correct(IndexSearcher searcher, String q) throws IOException {
        DirectSpellChecker checker = new DirectSpellChecker();
        List<String> words = terms(SPELL, q);
        List<String> out = new ArrayList<>(words.size());
        boolean changed = false;
        for (String w : words) {
            SuggestWord[] s = checker.suggestSimilar(new Term(SPELL, w), 1, searcher.getIndexReader(),
                    SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
            if (s.length > 0) {
                out.add(s[0].string);
                changed = true;
            } else {
                out.add(w);
            }
        }
        return changed ? String.join(" ", out) : null;
    }

    /** The analysed terms of a text in a field. */
    private List<String> terms(String field, String text) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (!terms.contains(term.toString())) {
                    terms.add(term.toString());
                }
            }
            ts.end();
        }
        return terms;
    }
}
