"""Collection routing: from sites, pickups and a fleet to routes on real roads.

Data types below the solver below the adapters, as in PyVRP:

* :mod:`eipgeo.routing.model`: vehicles, timing, solver controls, routes and plans;
* :mod:`eipgeo.routing.solve`: the pre-solve checks and the solve (one class group, or
  every group apart with its licensed vehicles); :mod:`eipgeo.routing._pyvrp` is the
  PyVRP adapter;
* :mod:`eipgeo.routing.check`: the independent feasibility checker; :mod:`eipgeo.routing.wc`
  the waste-collection model (breaks, route capacity, stop limits, disposal hours);
  :mod:`eipgeo.routing.workday` turns the core's arrays into the checker's instance, so
  ``eipgeo route`` and the benchmark share one model and every plan is checked;
* :mod:`eipgeo.routing.frequency`: collection days a week, pickups per visit, route
  metrics (km laden and empty, hours, fuel, CO2e);
* :mod:`eipgeo.routing.tables`: route and stop tables, timetables and week figures;
* :mod:`eipgeo.routing.legs`: the drawn legs of every route, with their distance source;
* :mod:`eipgeo.routing.inputs` and :mod:`eipgeo.routing.job`: the ``eipgeo route``
  command's inputs (sites, fleet JSON, matrix) and its plan.
"""
