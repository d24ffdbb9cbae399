/**
 * The online store: the latest feature values per entity, written by materialization and push, read by serving.
 * {@link dev.granary.online.OnlineStore} is the door ({@link dev.granary.online.OnlineStore#redis},
 * {@link dev.granary.online.OnlineStore#redisCluster} and {@link dev.granary.online.OnlineStore#embedded} build its
 * three implementations); key layout, value encoding and the newer-wins rule live here and nowhere else. No HTTP, no registry, no materialization jobs in this package.
 */
package dev.granary.online;
