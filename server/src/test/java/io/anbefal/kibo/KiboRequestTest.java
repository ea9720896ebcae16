package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter parsing and widget resolution, without a server. */
class KiboRequestTest {

    private static KiboRequest parse(String query, String accept, String cookie, String externalId) {
        return KiboRequest.parse(KiboParams.parse(query), accept, cookie, externalId);
    }

    @Test
    void namesAreCaseInsensitiveAndValuesKeepTheirOrder() {
        KiboRequest r = parse("productId=p1&URL=u1&ProductID=p2&url=u2&attrs=Price,Title&ATTRS=url", null, null, null);
        assertEquals(List.of("u1", "u2", "p1", "p2"), r.items());
        assertEquals(List.of("Price", "Title", "url"), r.attrs());
    }

    @Test
    void visitstrailIsCsvWithQuotesAcrossRepeatedParameters() {
        KiboRequest r = parse("visitstrail=a,b&visitstrail=%22c,%22%22d%22%22%22,e&visitstrail=+f+", null, null, null);
        assertEquals(List.of("a", "b", "c,\"d\"", "e", "f"), r.visitsTrail());
    }

    @Test
    void thePersonIsTheExternalIdElseUserIdElseTheCookie() {
        assertEquals("E1", parse("userid=u&user.EXT_UID=E1", null, "cookie", "ext_uid").person());
        assertEquals("u", parse("UserId=u&User.ext_uid=E1", null, "cookie", null).person());
        assertEquals("cookie", parse("widget=w", null, "cookie", "ext_uid").person());
        assertNull(parse("widget=w", null, null, null).person());
    }

    @Test
    void theFormatIsTheParameterElseTheAcceptHeaderElseXml() {
        assertEquals(KiboRequest.Format.JSON, parse("format=Json", "application/xml", null, null).format());
        assertEquals(KiboRequest.Format.JSON, parse("", "application/json", null, null).format());
        assertEquals(KiboRequest.Format.XML, parse("", "text/xml, application/json", null, null).format());
        assertEquals(KiboRequest.Format.XML, parse("", "*/*", null, null).format());
        assertEquals(KiboRequest.Format.XML, parse("", null, null, null).format());
        AnbefalException e = assertThrows(AnbefalException.class, () -> parse("format=csv", null, null, null));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
    }

    @Test
    void queryTermsAreSplitOnPlusAndBlanksAndNullOrEmptyIsNoQuery() {
        assertNull(parse("query=&widget=w", null, null, null).query());
        assertNull(parse("query=null&widget=w", null, null, null).query());
        assertNull(parse("widget=w", null, null, null).query());
        assertEquals("duct tape", parse("Query=duct+tape", null, null, null).query());
        assertEquals("duct tape", parse("query=duct%2Btape", null, null, null).query());
        assertEquals("duct tape silver", parse("query=+duct%20%20tape+&QUERY=silver", null, null, null).query());
    }

    @Test
    void unconfiguredWidgetsFollowTheContext() {
        Map<String, String> none = Map.of();
        assertEquals("ItemToItemRecommender", KiboWidgets.plan(none, parse("widget=w&url=a&userId=u", null, null, null))
                .widgets().get(0).recommender());
        KiboWidgets.Widget forUser = KiboWidgets.plan(none, parse("widget=w", null, "u", null)).widgets().get(0);
        assertEquals("ProductForCustomerRecommender", forUser.recommender());
        assertEquals(KiboWidgets.Input.PERSON, forUser.input());
        assertEquals("PopularRecommender", KiboWidgets.plan(none, parse("widget=w", null, null, null))
                .widgets().get(0).recommender());
    }

    @Test
    void aConfiguredInstanceIsAskedByItsType() {
        Map<String, String> settings = Map.of("kibo.widget.w.recommender", "Recent",
                "recommender.Recent.type", "RecentlyViewedRecommender", "kibo.widget.w.slots", "3");
        KiboWidgets.Widget w = KiboWidgets.plan(settings, parse("widget=w&productId=p", null, "u", null))
                .widgets().get(0);
        assertEquals(KiboWidgets.Input.PERSON, w.input());
        assertTrue(w.lastViewed());
        assertEquals(3, w.slots());
        assertEquals(List.of("u"), KiboRecs.recommendRequest(w, parse("widget=w&productId=p", null, "u", null))
                .externalIds());
    }
}
