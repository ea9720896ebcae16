package io.anbefal.kibo;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An answer of the Kibo RTI recommendation server API, before it is written as XML or JSON.
 *
 * @param responseId    unique per answer of this process ({@code millis-counter})
 * @param trackingData  base64 of what produced the answer (site, response, widgets, origins, items per slot)
 * @param type          {@code widget} or {@code pageTemplate}
 * @param id            the widget name(s) or the page template's name
 * @param widgetResults one per widget
 * @param abTest        the experiments' variants that answered widgets, one per experiment (none: left out)
 * @param context       the request's context entities (Product for productId, Document for url)
 */
public record KiboResult(String responseId, String trackingData, String type, String id,
                         List<WidgetResult> widgetResults,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AbTest> abTest, List<Entity> context) {

    public KiboResult {
        widgetResults = List.copyOf(widgetResults);
        abTest = abTest == null ? List.of() : List.copyOf(abTest);
        context = List.copyOf(context);
    }

    /** One widget's results; {@code algoName} is the Anbefal recommender that really produced them. */
    public record WidgetResult(String id, String displayName, String placeholderName, String algoName,
                               List<SlotResult> slotResults) {
        public WidgetResult {
            slotResults = List.copyOf(slotResults);
        }
    }

    /** One filled slot: {@code url} is the item id; {@code rank} its place in the recommender's list. */
    public record SlotResult(int slot, int rank, String url, List<Attr> attrs) {
        public SlotResult {
            attrs = List.copyOf(attrs);
        }
    }

    /**
     * Kibo's {@code <abTest>}: {@code merchLabel} is the variant's label ({@code EXPERIMENT/VARIANT}, the suffix of
     * the origin that reports carry), {@code testName} the experiment, {@code variantName} the variant.
     */
    public record AbTest(String merchLabel, String testName, String variantName) {
    }

    /** A named attribute with its values. */
    public record Attr(String name, List<String> values) {
        public Attr {
            values = List.copyOf(values);
        }
    }

    /** A context entity: {@code type} Product or Document. */
    public record Entity(String type, List<Attr> attrs) {
        public Entity {
            attrs = List.copyOf(attrs);
        }
    }
}
