package io.marketplace.app;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The H2 (MVStore) backend of mongo-java-server, answering every command that may change data only once the change
 * is committed and synced to the file: the embedded equivalent of MongoDB's {@code writeConcern {j: true}}.
 *
 * <p>Invariant: only commands known to change nothing reply at once; every other command (insert, update, delete,
 * findAndModify, index and collection commands, and any command this class does not know) waits for the group
 * commit. The change itself is visible to readers as soon as it is made, as with MongoDB's read concern "local".
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> READ_ONLY = Set.of(
            "find", "count", "distinct", "getmore", "killcursors", "listcollections", "listindexes",
            "listdatabases", "hello", "ismaster", "buildinfo", "ping", "serverstatus", "whatsmyuri",
            "getlasterror", "endsessions", "dbstats", "collstats", "connectionstatus", "getparameter", "hostinfo",
            "getlog", "getcmdlineopts", "explain", "getfreemonitoringstatus");

    private final GroupCommit commits;

    DurableH2Backend(MVStore store, GroupCommit commits) {
        super(store);
        this.commits = commits;
    }

    /** Databases whose collections find a document named by its id without a scan ({@link IdLookupCollection}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (channel != null && mayChange(command, query)) {
            DurableReplies.awaitSync(channel, commits);
        }
        return super.handleCommand(channel, database, command, query);
    }

    static boolean mayChange(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return writesOutput(query.get("pipeline"));
        }
        return !READ_ONLY.contains(name);
    }

    /** An aggregation writes only through a final {@code $out} or {@code $merge} stage. */
    private static boolean writesOutput(Object pipeline) {
        if (!(pipeline instanceof List<?> stages)) {
            return false;
        }
        return stages.stream().anyMatch(stage -> stage instanceof Document document
                && (document.containsKey("$out") || document.containsKey("$merge")));
    }
}
