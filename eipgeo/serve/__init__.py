"""``eipgeo serve``: the layout-review web app for park developers (issue 24).

* :mod:`eipgeo.serve.session`: the baseline, the changes made on the map, and their
  figures, run through :func:`eipgeo.scenario.run.run_scenario` (no HTTP);
* :mod:`eipgeo.serve.page`: the page, its script and its EN/VI labels;
* :mod:`eipgeo.serve.app`: the standard-library HTTP server around a session.
"""
