// The peer of `hanseek index build` and `hanseek bench`: Lucene 8.7 (Debian's
// liblucene8-java, the engine under Elasticsearch 7) on the documents hanseek indexes
// (export.py) and the same labelled queries. benches/peers/run.sh drives it.
//
//   java LuceneBench index SETTING DOCUMENTS.tsv INDEX_DIR THREADS
//   java LuceneBench query SETTING INDEX_DIR QUERIES.tsv WARMUP ITERATIONS THREADS [exact | up-to=N]
//
// `exact` counts every total exactly (as `hanseek bench --exact-total`), `up-to=N`
// exactly up to N hits (10000: Elasticsearch's default `track_total_hits`, as hanseek
// counts), instead of to Lucene's own 1,000.
//
// SETTING is the analysis an Elasticsearch user would configure:
//   multi: each text field three times, with nori (Korean, decompound mode mixed),
//          smartcn (Chinese) and CJK bigrams (StandardTokenizer + CJKBigramFilter, what
//          finds any string): its best recall;
//   nori:  nori alone, its fastest.
// A query is parsed per field with AND between its words (Lucene's classic query
// parser: "phrases", -exclusions), the fields combined as Elasticsearch's multi_match
// does by default (best_fields: the best field's score, dis_max) with hanseek's field
// weights; section:, category:, kind:, date:, since: and until: become filters. Top 10
// with their stored ids and titles read, as hanseek's bench reads its 10 hits; the
// total is counted exactly up to Lucene's default of 1,000 hits (Elasticsearch counts
// to 10,000), which lets Lucene skip blocks that cannot reach the page — its best case.
// Both commands print one JSON object.

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer.DecompoundMode;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
    /** The searched text fields and hanseek's weights for them. */
    static final String[] TEXT_FIELDS = {"title", "ref_title", "text", "parent_title"};
    static final float[] WEIGHTS = {4.0f, 1.5f, 1.0f, 0.5f};
    static final String[] FILTERS = {"section", "category", "kind", "date", "since", "until"};
    /** Count every total exactly (no skipping of blocks that cannot reach the page). */
    static boolean exactTotals = false;
    /** Count exactly up to this many hits, then skip what cannot reach the page; 0:
     * `IndexSearcher.search(query, 10)`'s own bound (TOTAL_HITS_THRESHOLD, 1,000). */
    static int totalHitsUpTo = 0;

    static String[] analyses(String setting) {
        switch (setting) {
            case "multi": return new String[] {"ko", "zh", "bi"};
            case "nori": return new String[] {"ko"};
            default: throw new IllegalArgumentException("setting must be multi or nori, not " + setting);
        }
    }

    static Analyzer analyzer(String analysis) {
        switch (analysis) {
            case "ko": return new KoreanAnalyzer(null, DecompoundMode.MIXED, KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS, false);
            case "zh": return new SmartChineseAnalyzer();
            case "bi": return new CJKAnalyzer();
            default: throw new IllegalArgumentException(analysis);
        }
    }

    static Analyzer perField(String setting) {
        Map<String, Analyzer> fields = new HashMap<>();
        for (String analysis : analyses(setting)) {
            Analyzer one = analyzer(analysis);
            for (String field : TEXT_FIELDS) fields.put(field + "." + analysis, one);
        }
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), fields);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("index")) {
            index(args[1], Paths.get(args[2]), Paths.get(args[3]), Integer.parseInt(args[4]));
        } else if (args.length >= 7 && args[0].equals("query")) {
            String counting = args.length > 7 ? args[7] : "";
            exactTotals = counting.equals("exact");
            if (counting.startsWith("up-to=")) totalHitsUpTo = Integer.parseInt(counting.substring("up-to=".length()));
            else if (!counting.isEmpty() && !exactTotals) throw new IllegalArgumentException("exact or up-to=N, not " + counting);
            query(args[1], Paths.get(args[2]), Paths.get(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]));
        } else {
            System.err.println("usage: LuceneBench index SETTING DOCUMENTS.tsv INDEX_DIR THREADS\n"
                + "       LuceneBench query SETTING INDEX_DIR QUERIES.tsv WARMUP ITERATIONS THREADS [exact | up-to=N]");
            System.exit(2);
        }
    }

    // ---- indexing ----

    static void index(String setting, Path documents, Path dir, int threads) throws Exception {
        String[] analyses = analyses(setting);
        List<String> lines = Files.readAllLines(documents, StandardCharsets.UTF_8);
        long bytes = 0;
        for (String line : lines) bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        IndexWriterConfig config = new IndexWriterConfig(perField(setting));
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setRAMBufferSizeMB(256);
        long started = System.nanoTime();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), config)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            int chunk = (lines.size() + threads - 1) / Math.max(1, threads);
            for (int t = 0; t < threads; t++) {
                List<String> part = lines.subList(Math.min(lines.size(), t * chunk), Math.min(lines.size(), (t + 1) * chunk));
                done.add(pool.submit(() -> {
                    for (String line : part) writer.addDocument(document(line, analyses));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            pool.shutdown();
            writer.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("{\"setting\":\"%s\",\"documents\":%d,\"bytes\":%d,\"seconds\":%.3f,\"threads\":%d}%n",
            setting, lines.size(), bytes, seconds, threads);
    }

    static Document document(String line, String[] analyses) {
        String[] f = line.split("\t", -1);
        Document doc = new Document();
        doc.add(new StringField("id", f[0], Field.Store.YES));
        doc.add(new StringField("kind", f[1], Field.Store.NO));
        String[] texts = {f[2], f[4], f[3], f[5]}; // title, ref_title, text, parent_title
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            if (texts[i].isEmpty()) continue;
            for (String analysis : analyses) doc.add(new TextField(TEXT_FIELDS[i] + "." + analysis, texts[i], Field.Store.NO));
        }
        doc.add(new StoredField("title", f[2]));
        if (!f[6].isEmpty()) doc.add(new StringField("section", f[6], Field.Store.NO));
        if (!f[7].isEmpty()) doc.add(new StringField("category", f[7], Field.Store.NO));
        if (!f[8].isEmpty()) doc.add(new StringField("date", f[8], Field.Store.NO));
        return doc;
    }

    // ---- querying ----

    /** A query of hanseek's language as the peer runs it. */
    static Query parse(String text, String setting, Map<String, Analyzer> analyzers) throws Exception {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        StringBuilder words = new StringBuilder();
        for (String item : items(text)) {
            int colon = item.indexOf(':');
            String field = colon > 0 ? item.substring(item.startsWith("-") ? 1 : 0, colon) : "";
            if (!Arrays.asList(FILTERS).contains(field)) {
                words.append(item).append(' ');
                continue;
            }
            String value = item.substring(colon + 1).replace("\"", "");
            BooleanClause.Occur occur = item.startsWith("-") ? BooleanClause.Occur.MUST_NOT : BooleanClause.Occur.FILTER;
            query.add(filter(field, value), occur);
        }
        String parsed = words.toString().trim();
        if (parsed.isEmpty()) {
            query.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
            return query.build();
        }
        List<Query> fields = new ArrayList<>();
        for (String analysis : analyses(setting)) {
            for (int i = 0; i < TEXT_FIELDS.length; i++) {
                String field = TEXT_FIELDS[i] + "." + analysis;
                QueryParser parser = new QueryParser(field, analyzers.get(analysis));
                parser.setDefaultOperator(QueryParser.Operator.AND);
                Query one = parser.parse(parsed.replace(" OR ", " || "));
                fields.add(new BoostQuery(one, WEIGHTS[i]));
            }
        }
        query.add(new DisjunctionMaxQuery(fields, 0.0f), BooleanClause.Occur.MUST);
        return query.build();
    }

    static Query filter(String field, String value) {
        switch (field) {
            case "since": return TermRangeQuery.newStringRange("date", value, null, true, true);
            case "until": return TermRangeQuery.newStringRange("date", null, value + "\uffff", true, true);
            case "date": return new PrefixQuery(new Term("date", value));
            default: return new TermQuery(new Term(field, value));
        }
    }

    /** Whitespace-separated items, a quoted phrase (with its field or minus) as one. */
    static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (Character.isWhitespace(c) && !quoted) {
                if (current.length() > 0) out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) out.add(current.toString());
        return out;
    }

    static void query(String setting, Path dir, Path queriesFile, int warmup, int iterations, int threads) throws Exception {
        Map<String, Analyzer> analyzers = new HashMap<>();
        for (String analysis : analyses(setting)) analyzers.put(analysis, analyzer(analysis));
        List<String[]> queries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(queriesFile, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null;) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] cut = line.split("\t", 2);
                queries.add(new String[] {cut[0].trim(), cut[1].trim()});
            }
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Query[] parsed = new Query[queries.size()];
            long[] hits = new long[queries.size()];
            for (int i = 0; i < parsed.length; i++) {
                parsed[i] = parse(queries.get(i)[1], setting, analyzers);
                hits[i] = searcher.count(parsed[i]); // exact, untimed
            }
            // The JIT compiles the hot paths during the warm-up rounds.
            for (int w = 0; w < warmup; w++) for (Query q : parsed) run(searcher, q);
            long[][] nanos = new long[parsed.length][iterations * threads];
            AtomicLong next = new AtomicLong();
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                pool.submit(() -> {
                    for (int it = 0; it < iterations; it++) {
                        for (int i = 0; i < parsed.length; i++) {
                            long t0 = System.nanoTime();
                            run(searcher, parsed[i]);
                            nanos[i][thread * iterations + it] = System.nanoTime() - t0;
                        }
                    }
                    next.incrementAndGet();
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
            double wall = (System.nanoTime() - started) / 1e9;
            Map<String, List<Integer>> classes = new LinkedHashMap<>();
            for (int i = 0; i < queries.size(); i++) classes.computeIfAbsent(queries.get(i)[0], k -> new ArrayList<>()).add(i);
            StringBuilder out = new StringBuilder();
            out.append(String.format("{\"setting\":\"%s\",\"exact_totals\":%b,\"total_hits_up_to\":%d,\"threads\":%d,\"iterations\":%d,\"wall_seconds\":%.3f,\"classes\":{",
                setting, exactTotals, totalHitsUpTo, threads, iterations, wall));
            boolean first = true;
            for (Map.Entry<String, List<Integer>> c : classes.entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append('"').append(c.getKey()).append("\":").append(summary(c.getValue(), nanos, hits, threads, -1));
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) all.add(i);
            out.append("},\"overall\":").append(summary(all, nanos, hits, threads, wall)).append('}');
            System.out.println(out);
        }
    }

    static void run(IndexSearcher searcher, Query query) throws Exception {
        TopDocs top;
        if (exactTotals || totalHitsUpTo > 0) {
            TopScoreDocCollector collector = TopScoreDocCollector.create(10, exactTotals ? Integer.MAX_VALUE : totalHitsUpTo);
            searcher.search(query, collector);
            top = collector.topDocs();
        } else {
            top = searcher.search(query, 10);
        }
        for (ScoreDoc hit : top.scoreDocs) {
            Document doc = searcher.doc(hit.doc);
            if (doc.get("id") == null) throw new IllegalStateException("a hit without an id");
        }
    }

    /** p50/p95/p99/max in milliseconds and QPS (overall: per wall second; a class: what the threads would answer). */
    static String summary(List<Integer> members, long[][] nanos, long[] hits, int threads, double wall) {
        List<Long> times = new ArrayList<>();
        long sum = 0;
        double meanHits = 0;
        for (int i : members) {
            for (long n : nanos[i]) {
                times.add(n);
                sum += n;
            }
            meanHits += hits[i];
        }
        meanHits /= members.size();
        times.sort(null);
        double qps = wall > 0 ? times.size() / wall : threads * times.size() / (sum / 1e9);
        return String.format("{\"queries\":%d,\"runs\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"qps\":%.1f,\"mean_hits\":%.1f}",
            members.size(), times.size(), pct(times, 0.50), pct(times, 0.95), pct(times, 0.99), times.get(times.size() - 1) / 1e6, qps, meanHits);
    }

    static double pct(List<Long> sorted, double p) {
        int at = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, at))) / 1e6;
    }
}
