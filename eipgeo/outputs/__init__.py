"""Outputs: the maps, tables, Sankey, reports and sheets a planner opens.

* :mod:`eipgeo.outputs.write`: a job's and a scenario's files (``CONTRACT.md``);
* :mod:`eipgeo.outputs.maps`: the offline Leaflet maps (one small function per layer),
  with :mod:`~eipgeo.outputs._map_elements` and :mod:`~eipgeo.outputs._map_text`;
* :mod:`eipgeo.outputs.exchange_layer`: the exchange arcs on a map;
* :mod:`eipgeo.outputs.sankey`: the waste-flow Sankey;
* :mod:`eipgeo.outputs.report`: ``report.html`` and the scenario comparison page;
* :mod:`eipgeo.outputs.feasibility` and :mod:`eipgeo.outputs.monitoring`: the
  feasibility and monitoring sheets;
* :mod:`eipgeo.outputs._offline` inlines the Leaflet assets;
  :mod:`eipgeo.outputs._chromium` owns the system Chromium.
"""
