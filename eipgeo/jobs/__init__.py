"""The main job: one park from its data to streams, routes, exchanges and key figures.

* :mod:`eipgeo.jobs.result`: :class:`~eipgeo.jobs.result.JobResult`, every stage's result
  stored once;
* :mod:`eipgeo.jobs.sources`: a park's sources and streams, facilities, depot, fleet and
  road graphs;
* :mod:`eipgeo.jobs.park`: :func:`~eipgeo.jobs.park.run_park`, the job itself;
* :mod:`eipgeo.jobs.summary`: the key figures (``summary.csv``).
"""
