package io.anbefal.http.miso;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.http.Http;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What a {@code /v1} record resource (products, users) shares: the routes, the upload and deletes answered with a
 * task id ({@link MisoTasks}), the status of a task, one record read or deleted by the id from the raw path (an
 * encoded slash stays in it), and the body of {@code _delete}. Each resource validates its own records.
 */
final class MisoRecords {

    /** A record as Jackson maps a JSON object, in the order of its fields. */
    static final TypeReference<LinkedHashMap<String, Object>> RECORD = new TypeReference<>() { };

    /**
     * The words of a resource: its path and count ({@code products}), its id field less {@code _id} ({@code product}),
     * and what a publishable key is refused: a read ({@code null} when any key reads), a delete, a task's status.
     */
    record Names(String plural, String singular, String read, String delete, String readTasks) { }

    private final Anbefal anbefal;
    private final long maxBody;
    private final Names names;
    private final MisoHttp.Operation upload;
    private final BiFunction<String, String, Optional<Map<String, Object>>> find;
    private final BiFunction<String, List<String>, Integer> deletion;
    private final MisoTasks tasks = new MisoTasks();

    /**
     * @param upload   the resource's upload, answering with {@link #uploaded}
     * @param find     a record by service and id
     * @param deletion deletes the records of a service by id, the number deleted out
     */
    MisoRecords(Anbefal anbefal, long maxBody, Names names, MisoHttp.Operation upload,
            BiFunction<String, String, Optional<Map<String, Object>>> find,
            BiFunction<String, List<String>, Integer> deletion) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
        this.names = names;
        this.upload = upload;
        this.find = find;
        this.deletion = deletion;
    }

    /** The operations by their bulk name ({@code products/upload}, {@code products/_delete}). */
    void operations(Map<String, MisoHttp.Operation> out) {
        out.put(names.plural() + "/upload", upload);
        out.put(names.plural() + "/_delete", this::delete);
    }

    void routing(HttpRules rules) {
        rules.post("/", MisoHttp.handler(anbefal, maxBody, upload))
                .any("/", Http.allow("POST"))
                .post("/_delete", MisoHttp.handler(anbefal, maxBody, this::delete))
                .any("/_delete", Http.allow("POST"))
                .get("/_status/{task}", MisoHttp.withCaller(anbefal, this::status))
                .any("/_status/{task}", Http.allow("GET"))
                .get("/{+id}", MisoHttp.withCaller(anbefal, this::read)) // the id from the raw path: an encoded slash stays in it
                .delete("/{+id}", MisoHttp.withCaller(anbefal, this::deleteOne))
                .any("/{+id}", Http.allow("GET, DELETE"));
    }

    /** The answer to an upload of {@code count} records: a finished task. */
    Map<String, Object> uploaded(String service, int count) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(names.plural(), count);
        return MisoHttp.answer(withTask(service, result));
    }

    /** The result with a {@code task_id} first, whose status reports the same result. */
    private Map<String, Object> withTask(String service, Map<String, Object> result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", tasks.finished(service, result));
        data.putAll(result);
        return data;
    }

    private Map<String, Object> deleted(String service, int count) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", count);
        return MisoHttp.answer("deleted", withTask(service, result));
    }

    private String id(ServerRequest req) {
        return Http.pathIds(req, MisoHttp.PREFIX + "/" + names.plural(), 1).getFirst();
    }

    private void read(ServerRequest req, ServerResponse res) {
        MisoCaller caller = MisoCaller.of(req);
        String service = names.read() == null ? caller.service() : caller.secret(names.read());
        String id = id(req);
        MisoHttp.success(res, find.apply(service, id).orElseThrow(() -> AnbefalException.notFound("not found")));
    }

    private void status(ServerRequest req, ServerResponse res) {
        String service = MisoCaller.of(req).secret(names.readTasks());
        String task = req.path().pathParameters().get("task");
        MisoHttp.success(res, tasks.status(service, task).orElseThrow(() -> AnbefalException.notFound("not found")));
    }

    /** {@code DELETE /v1/products/{id}}: 404 for a record not there. */
    private void deleteOne(ServerRequest req, ServerResponse res) {
        String service = MisoCaller.of(req).secret(names.delete());
        String id = id(req);
        if (deletion.apply(service, List.of(id)) == 0) {
            throw AnbefalException.notFound("not found");
        }
        Http.json(res, deleted(service, 1));
    }

    /** {@code POST /v1/products/_delete} with {@code {"data":{"product_ids":[...]}}}. */
    private Map<String, Object> delete(MisoCaller caller, JsonNode body) {
        String service = caller.secret(names.delete());
        String field = names.singular() + "_ids";
        MisoPayloads p = new MisoPayloads();
        JsonNode data = body.get("data");
        List<String> ids = List.of();
        if (data == null || !data.isObject()) {
            p.problem("data is required: {\"" + field + "\": [...]} is expected");
        } else {
            ids = p.strings(data, field, "data");
            if (ids.isEmpty() && !data.path(field).isArray()) {
                p.problem("data." + field + " is required: an array of " + names.singular() + " ids is expected");
            }
        }
        p.check();
        return deleted(service, deletion.apply(service, ids));
    }
}
