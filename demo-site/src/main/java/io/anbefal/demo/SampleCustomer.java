package io.anbefal.demo;

import java.util.List;

/**
 * A customer of the seed history that a visitor can sign in as.
 *
 * @param id                 the customer id the recommender knows
 * @param name               a first name to show
 * @param favouriteCategories ids of the categories this customer mostly shops in, strongest first
 */
public record SampleCustomer(String id, String name, List<String> favouriteCategories) {
    public SampleCustomer {
        favouriteCategories = List.copyOf(favouriteCategories);
    }
}
