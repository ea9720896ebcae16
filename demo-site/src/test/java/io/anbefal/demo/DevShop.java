package io.anbefal.demo;

import io.helidon.webserver.WebServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Runs the shop alone for a look (test scope only): {@code DevShop [shopPort] [apiBaseUrl]}. Statistics come
 * from {@code {api}/recapi/1.0/stats/demo} with the credentials in the environment variables
 * {@code ANBEFAL_USER} and {@code ANBEFAL_PASSWORD}; with the API base {@code preview} the statistics page
 * shows made-up, growing numbers instead (a preview of the page's look, nothing else).
 */
public final class DevShop {

    private DevShop() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        String api = args.length > 1 ? args[1] : "http://localhost:8080";
        HttpClient client = HttpClient.newHttpClient();
        String auth = Base64.getEncoder().encodeToString((System.getenv().getOrDefault("ANBEFAL_USER", "demo") + ":"
                + System.getenv().getOrDefault("ANBEFAL_PASSWORD", "")).getBytes(StandardCharsets.UTF_8));
        long started = System.currentTimeMillis();
        java.util.function.Supplier<String> preview = () -> {
            long s = (System.currentTimeMillis() - started) / 1000;
            return "{\"service\":\"demo\",\"what\":{\"BROWSE\":" + (4900 + s) + ",\"ADDTOCART\":720,\"PURCHASE\":253},"
                   + "\"recommenders\":[{\"origin\":\"ItemToItemRecommender\",\"exposures\":" + (120 + 6 * s) + ",\"clicks\":" + (14 + s / 2)
                   + ",\"ctr\":" + (14 + s / 2) / (120.0 + 6 * s) + "},{\"origin\":\"ProductForCustomerRecommender\",\"exposures\":" + (200 + 4 * s)
                   + ",\"clicks\":" + (9 + s / 5) + ",\"ctr\":" + (9 + s / 5) / (200.0 + 4 * s) + "},{\"origin\":\"PopularRecommender\",\"exposures\":90,"
                   + "\"clicks\":3,\"ctr\":0.0333}]}";
        };
        DemoShop shop = new DemoShop(new DemoShop.Settings(api, "demo", api.equals("preview") ? preview : () -> {
            try {
                HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(api + "/recapi/1.0/stats/demo"))
                        .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() != 200) {
                    throw new IllegalStateException("the API answered " + res.statusCode());
                }
                return res.body();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the API is not reachable at " + api, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }));
        WebServer server = WebServer.builder().host("127.0.0.1").port(port).routing(shop::routing).build().start();
        System.out.println("shop on http://localhost:" + server.port() + "/ (API " + api + ")");
        Thread.currentThread().join();
    }
}
