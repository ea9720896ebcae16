package io.anbefal.kibo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An answer of the Kibo RTI recommendation server API, before it is written as XML or JSON.
 *
 * @param responseId    unique per answer of this process ({@code millis-counter})
 * @param merchModel    the checkpoint of the rules and model that answered ({@link MerchModel})
 * @param trackingData  base64 of what produced the answer (site, response, widgets, origins, items per slot)
 * @param type          {@code widget} or {@code pageTemplate}
 * @param id            the widget name(s) or the page template's name
 * @param widgetResults one per widget
 * @param abTest        the experiments' variants that answered widgets, one per experiment (none: left out)
 * @param context       the request's context entities (Product for productId, Document for url)
 */
public record KiboResult(String responseId, String merchModel, String trackingData, String type, String id,
                         List<WidgetResult> widgetResults,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AbTest> abTest, List<Entity> context) {

    public KiboResult {
        widgetResults = List.copyOf(widgetResults);
        abTest = abTest == null ? List.of() : List.copyOf(abTest);
        context = List.copyOf(context);
    }

    /**
     * One widget's results; {@code algoName} is the Anbefal recommender that really produced them, {@code origins}
     * the one per slot (a fallback that filled in; in trackingData only).
     */
    public record WidgetResult(String id, String displayName, String placeholderName, String algoName,
                               List<SlotResult> slotResults, @JsonIgnore List<String> origins) {
        public WidgetResult {
            slotResults = List.copyOf(slotResults);
            origins = List.copyOf(origins);
        }
    }

    /**
     * One filled slot: {@code url} is the item id; {@code rank} the candidate's place in the recommender's list
     * before the rules filtered it; {@code scanTime} the milliseconds spent selecting it after the previous slot;
     * {@code explanations} why a pin put it there.
     */
    public record SlotResult(int slot, int rank, long scanTime, String url, List<Attr> attrs,
                             @JsonProperty("Explanations") List<Explanation> explanations) {
        public SlotResult {
            attrs = List.copyOf(attrs);
            explanations = List.copyOf(explanations);
        }
    }

    /**
     * Kibo's {@code <abTest>}: {@code merchLabel} is the variant's label ({@code EXPERIMENT/VARIANT}, the suffix of
     * the origin that reports carry), {@code testName} the experiment, {@code variantName} the variant.
     */
    public record AbTest(String merchLabel, String testName, String variantName) {
    }

    /** Why a slot holds its item: {@code type} ItemPin, FilterPin or PairPin, {@code rule} the pin's rule text. */
    public record Explanation(String type, String rule) {
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
