package io.anbefal.store;

import javax.sql.DataSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Store} over plain JDBC and standard SQL, composed of its parts: the tenants ({@link JdbcTenants}),
 * the catalog records ({@link JdbcCatalog}) and the event log ({@link JdbcEventLog}, with its bulk loads), which
 * share the schema ({@link Schema}), the connections and one write lock ({@link Jdbc}). The database-specific part
 * (URL, pool, the binary column's type) stays in the factory that hands it a {@link DataSource}; see {@link H2Store}.
 */
public class JdbcStore implements Store {

    /** The standard SQL type of {@code event_blocks.data} (PostgreSQL would name {@code BYTEA}). */
    public static final String STANDARD_BINARY = Schema.STANDARD_BINARY;

    private final Runnable onClose;
    private final DataSource dataSource;
    private final TenantStore tenants;
    private final CatalogStore catalog;
    private final EventLog log;
    /** After how long an unpublished bulk load counts as abandoned (tests shorten it). */
    long bulkStaleMillis = JdbcBulkLoad.STALE_MS;

    /**
     * @param dataSource where connections come from
     * @param onClose    what closing the store must also do (dispose a pool, say)
     */
    public JdbcStore(DataSource dataSource, Runnable onClose) {
        this(dataSource, onClose, STANDARD_BINARY);
    }

    /**
     * @param dataSource where connections come from
     * @param onClose    what closing the store must also do (dispose a pool, say)
     * @param binaryType the column type for the encoded event blocks, which databases name differently
     */
    public JdbcStore(DataSource dataSource, Runnable onClose, String binaryType) {
        this(dataSource, onClose, Dialect.standard(binaryType));
    }

    /**
     * @param dataSource where connections come from
     * @param onClose    what closing the store must also do (dispose a pool, say)
     * @param dialect    what differs in this database: the binary column's type, the tailers' wake-up
     */
    public JdbcStore(DataSource dataSource, Runnable onClose, Dialect dialect) {
        this.onClose = onClose;
        this.dataSource = dataSource;
        Schema.create(dataSource, dialect.binaryType());
        Jdbc jdbc = new Jdbc(dataSource, dialect);
        this.tenants = new JdbcTenants(jdbc);
        this.catalog = new JdbcCatalog(jdbc);
        this.log = new JdbcEventLog(jdbc, () -> bulkStaleMillis);
        JdbcBulkLoad.dropAbandoned(jdbc, null, bulkStaleMillis);
    }

    /** Where the store's connections come from (tests look at the tables). */
    DataSource dataSource() {
        return dataSource;
    }

    // --- tenants ------------------------------------------------------------------------------------

    @Override
    public ServiceAccount putService(String name, List<String> origins) {
        return tenants.putService(name, origins);
    }

    @Override
    public void putSettings(String service, Map<String, String> changes,
                            java.util.function.Consumer<Map<String, String>> check) {
        tenants.putSettings(service, changes, check);
    }

    @Override
    public Optional<ServiceAccount> service(String name) {
        return tenants.service(name);
    }

    @Override
    public List<ServiceAccount> services() {
        return tenants.services();
    }

    @Override
    public void putUser(UserCredential credential) {
        tenants.putUser(credential);
    }

    @Override
    public Optional<UserCredential> user(String service, String user) {
        return tenants.user(service, user);
    }

    @Override
    public List<UserCredential> usersNamed(String user) {
        return tenants.usersNamed(user);
    }

    @Override
    public void replaceUsers(String service, String namePrefix, UserCredential credential) {
        tenants.replaceUsers(service, namePrefix, credential);
    }

    // --- catalog records ----------------------------------------------------------------------------

    @Override
    public void putProducts(String service, Map<String, String> jsonByProductId) {
        catalog.putProducts(service, jsonByProductId);
    }

    @Override
    public int deleteProducts(String service, List<String> productIds) {
        return catalog.deleteProducts(service, productIds);
    }

    @Override
    public void products(ProductSink sink) {
        catalog.products(sink);
    }

    @Override
    public void putUserRecords(String service, Map<String, String> jsonByUserId) {
        catalog.putUserRecords(service, jsonByUserId);
    }

    @Override
    public Optional<String> userRecord(String service, String userId) {
        return catalog.userRecord(service, userId);
    }

    @Override
    public int deleteUserRecords(String service, List<String> userIds) {
        return catalog.deleteUserRecords(service, userIds);
    }

    // --- the event log ------------------------------------------------------------------------------

    @Override
    public List<List<StoredUpdate>> append(List<Batch> batches) {
        return log.append(batches);
    }

    @Override
    public BulkLoad bulkLoad(String service) {
        return log.bulkLoad(service);
    }

    @Override
    public void replay(LogPosition from, ReplaySink sink) {
        log.replay(from, sink);
    }

    @Override
    public LogPosition tail(LogPosition from, ReplaySink sink) {
        return log.tail(from, sink);
    }

    @Override
    public LogSignal signal() {
        return log.signal();
    }

    @Override
    public Appended appendLogged(List<Batch> batches) {
        return log.appendLogged(batches);
    }

    @Override
    public Erased eraseLogged(String service, Collection<String> userIds, Collection<String> anonymousIds) {
        return log.eraseLogged(service, userIds, anonymousIds);
    }

    @Override
    public boolean claimRetention(String service, long nowMillis, long everyMillis) {
        return log.claimRetention(service, nowMillis, everyMillis);
    }

    @Override
    public Retained retain(String service, long cutoffMillis, RetentionCursor from, int maxRows) {
        return log.retain(service, cutoffMillis, from, maxRows);
    }

    @Override
    public boolean contains(LogPosition position) {
        return log.contains(position);
    }

    @Override
    public Erasure erase(String service, Collection<String> userIds, Collection<String> anonymousIds) {
        return log.erase(service, userIds, anonymousIds);
    }

    @Override
    public Stats stats(String service, long fromMillis, long toMillis) {
        return log.stats(service, fromMillis, toMillis);
    }

    @Override
    public Activity activity(String service, long fromMillis, long toMillis, long bucketMillis, int top, int tail) {
        return log.activity(service, fromMillis, toMillis, bucketMillis, top, tail);
    }

    @Override
    public Map<String, Long> updateCounts() {
        return log.updateCounts();
    }

    @Override
    public LogPosition position() {
        return log.position();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
