package dev.granary.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HighlighterTest {
    private final CatalogAnalysis analysis = new CatalogAnalysis();

    @Test
    void oneEditMeansOneSubstitutionInsertionDeletionOrSwap() {
        assertThat(Highlighter.oneEditApart("rate", "rate")).isTrue();
        assertThat(Highlighter.oneEditApart("rtae", "rate")).isTrue();
        assertThat(Highlighter.oneEditApart("rat", "rate")).isTrue();
        assertThat(Highlighter.oneEditApart("rates", "rate")).isTrue();
        assertThat(Highlighter.oneEditApart("rote", "rate")).isTrue();
        assertThat(Highlighter.oneEditApart("tare", "rate")).isFalse();
        assertThat(Highlighter.oneEditApart("ra", "rate")).isFalse();
    }

    @Test
    void synonymsTyposAndPrefixesMarkTheWordsOfTheName() {
        assertThat(new Highlighter(analysis, "conversion rate").name("conv_rate")).isEqualTo("<em>conv</em>_<em>rate</em>");
        assertThat(new Highlighter(analysis, "conv_rtae").name("conv_rate")).isEqualTo("<em>conv</em>_<em>rate</em>");
        assertThat(new Highlighter(analysis, "avgOrd").name("avgOrderValue")).isEqualTo("<em>avg</em><em>Order</em>Value");
        assertThat(new Highlighter(analysis, "trips").name("conv_rate")).isNull();
    }

    @Test
    void descriptionsMatchByStemAndAreEscaped() {
        assertThat(new Highlighter(analysis, "converting").description("Offers <b>converted</b> & paid"))
                .isEqualTo("Offers &lt;b&gt;<em>converted</em>&lt;/b&gt; &amp; paid");
    }

    @Test
    void longDescriptionsAreCutAroundTheFirstMatch() {
        String text = "filler ".repeat(100) + "revenue " + "tail ".repeat(100);
        String fragment = new Highlighter(analysis, "revenue").description(text);
        assertThat(fragment).startsWith("… ").endsWith(" …").contains("<em>revenue</em>");
        assertThat(fragment.length()).isLessThan(Highlighter.MAX_FRAGMENT + 30);
    }
}
