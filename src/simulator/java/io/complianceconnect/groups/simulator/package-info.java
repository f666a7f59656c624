/**
 * A simulator of the Compliance API's three group endpoints and its activity feed
 * ({@code GET /v1/compliance/activities}), for tests, the demo and benchmarks; the plugin archive does
 * not ship it. Its own source root ({@code src/simulator/java}) and jar, which needs Jackson and nothing
 * of the connector. Start one with {@link
 * io.complianceconnect.groups.simulator.ComplianceApiSimulator#builder()}, or as a process with
 * {@code bin/simulator} ({@link io.complianceconnect.groups.simulator.SimulatorMain}).
 *
 * <p>Choices where the API documentation leaves room, so that tests can rely on them:
 * <ul>
 *   <li>Checks run in this order: unknown path 404, method 405, key 401, {@code anthropic-version}
 *       400 (a missing header is {@code 2023-06-01} on the groups endpoints, as documented, and 400 on
 *       the feed), rate limit 429, an Admin key ({@code sk-ant-admin01-}) on a groups endpoint 403,
 *       scope 403 ({@code Missing required scopes. Got: [...] Needed: [...]}), injected fault, then the
 *       endpoint (limit 400, page token 400, unknown group 404). Requests refused for their key do not
 *       spend the rate budget; a 403 spends one request. The
 *       feed goes through the same checks and spends the same budget; it needs
 *       {@code read:compliance_activities}, which {@code apiKey(key)} grants along with both group
 *       scopes ({@code apiKey(key, scopes)} grants exactly the scopes given).</li>
 *   <li>Rate limiting is a fixed window per minute of the simulator's clock, shared by all keys;
 *       {@code anthropic-ratelimit-requests-reset} is the next full minute and {@code retry-after}
 *       the whole seconds until then, rounded up. The headers come with every answer to a known key,
 *       also those that spend nothing (a bad {@code anthropic-version}). Without a limit (the
 *       builder's default; the standalone simulator's is 600) they are not sent.</li>
 *   <li>Page tokens are AES-GCM sealed (offset, expiry, listing), keyed from the seed; a token is
 *       bound to its endpoint and its group id or {@code name_prefix}, but not to {@code limit}.
 *       The offset counts positions in the current list, so a deletion before it shifts the next
 *       page. An empty {@code page=} counts as no token.</li>
 *   <li>{@code name_prefix} is a case-sensitive prefix match on the group name.</li>
 *   <li>The admin API under {@code /_sim/} needs no key: the simulator binds 127.0.0.1 only. It is
 *       not in the request log.</li>
 *   <li>{@code start()} sets {@code sun.net.httpserver.nodelay=true} (unless already set) before
 *       the first JDK server starts: without it every keep-alive request costs about 40 ms.</li>
 * </ul>
 *
 * <p>The activity feed ({@link io.complianceconnect.groups.simulator.ActivityFeed}):
 * <ul>
 *   <li>Every {@link io.complianceconnect.groups.simulator.Directory} mutation, from Java or the
 *       admin API, records exactly one activity at the mutation's time: {@code group_created}
 *       ({@code group_id}, {@code group_name}), {@code group_updated} for a rename or an update
 *       ({@code group_id}), {@code group_deleted} ({@code group_id}; nothing for its members),
 *       {@code group_member_added} / {@code group_member_removed} ({@code group_id},
 *       {@code member_ids} holding the one user; adding a new user records no
 *       {@code scim_user_created}), {@code scim_user_updated} for an email change ({@code user_id};
 *       once, however many groups the user is in). {@code populate} and extra fields record
 *       nothing. Other types can be recorded with {@code recordActivity} or
 *       {@code POST /_sim/activities}.</li>
 *   <li>One organisation: every activity carries the same {@code organization_id}
 *       ({@code org_...}) and {@code organization_uuid}. Actors: changes to groups of source type
 *       {@code scim} and email changes are by the {@code scim_directory_sync_actor}
 *       ({@code directory_id}); other group changes by one admin, a {@code user_actor}
 *       ({@code email_address}, {@code user_id}, {@code ip_address}, {@code user_agent}). Noise
 *       also has an {@code api_actor} ({@code api_key_id}).</li>
 *   <li>Order: {@code created_at} newest first, equal times by id, greater first. Ids are
 *       {@code activity_} + ten base-62 digits of a sequence number + twelve random ones, so they
 *       sort as recorded; clients must still treat them as opaque. {@code created_at} is written in
 *       UTC with six fraction digits.</li>
 *   <li>{@code after_id} and {@code before_id} are positions in that order, not filters: the
 *       activity they name need not pass the filters, nor be visible yet. {@code after_id=X}: the
 *       next {@code limit} matches older than X. {@code before_id=X}: the {@code limit} matches
 *       right above X, newest first, so that repeating with {@code before_id=first_id} walks up
 *       without gaps. {@code has_more} says whether more matches lie beyond the page in the
 *       direction of travel (older without a cursor or with {@code after_id}, newer with
 *       {@code before_id}). {@code first_id} is the page's newest, {@code last_id} its oldest, both
 *       null on an empty page. Both cursors at once, or an id never recorded, get 400; an empty
 *       value counts as absent, like an empty {@code page}.</li>
 *   <li>Filters combine with AND. The repeatable ones take the {@code name[]} form only (a bare
 *       {@code activity_types=} is an unknown parameter, ignored like any other), skip empty values
 *       and match any of their values: {@code activity_types[]} the type, {@code organization_ids[]}
 *       the organisation's id or uuid, {@code actor_ids[]} the actor's {@code user_id},
 *       {@code api_key_id} or {@code directory_id}. {@code created_at.gte/.gt/.lte/.lt} take
 *       RFC 3339 with an offset ({@code Z} or {@code ±hh:mm}); anything else gets 400.
 *       {@code limit} is 1..1000, default 100, with the group listings' 400 otherwise.</li>
 *   <li>Visibility: an activity is listed from {@code created_at + activityVisibilityDelay} on (one
 *       fixed delay, default 0) with its original {@code created_at}, so it can first appear after a
 *       poll made later than it happened: a follower that asks for "created since my last poll"
 *       misses it. Java's {@code activities()} shows every activity, visible or not.</li>
 *   <li>Noise ({@code activityNoise(true)}): {@code user_signed_in}, {@code claude_chat_created},
 *       {@code claude_chat_updated}, {@code claude_file_uploaded}, {@code claude_project_created},
 *       {@code org_settings_updated}, 1 to 9 s apart on the simulator's clock, from ten minutes
 *       before the start; made lazily whenever the feed is read or written (no timer thread), and
 *       at most the last hour of it after a clock jump. Gaps, types, actors and ids follow from the
 *       seed; under a test clock the whole feed is reproducible.</li>
 *   <li>Faults: the generic ones apply to the feed as to any endpoint; {@code extra_fields} adds
 *       unknown fields to the envelope, each activity and each actor;
 *       {@code null_timestamps_and_roles} nulls each {@code created_at}. The page-token faults are
 *       refused for the feed: it has no tokens.</li>
 * </ul>
 */
package io.complianceconnect.groups.simulator;
