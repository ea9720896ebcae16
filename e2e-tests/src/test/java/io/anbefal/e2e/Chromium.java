package io.anbefal.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, as the machines here allow it: no browser download, no outside
 * network, a profile under {@code target/}.
 */
public final class Chromium implements AutoCloseable {

    /** Where Debian's package puts the browser. */
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    public Chromium() {
        // the build points HOME and TMPDIR under target/ (Chromium writes its profile there): make them exist
        for (String dir : new String[] {System.getenv("HOME"), System.getenv("TMPDIR")}) {
            if (dir != null) {
                try {
                    Files.createDirectories(Path.of(dir));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost")));
    }

    public Browser browser() {
        return browser;
    }

    /** Saves a screenshot of a failing page under {@code target/screenshots}. */
    public static void screenshot(Page page, String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
        } catch (Exception ignored) {
            // a screenshot is a help, never a reason to fail differently
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
