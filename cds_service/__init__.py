"""HTTP and the CDS Hooks protocol: the only package that does I/O.

``create_app(config)`` builds the Flask app; settings come from
``cds_service.config`` (defaults, environment, then ``config``).
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from cds_service import config as config_module
from cds_service import logs


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    settings = config_module.load(config)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_REQUEST_BYTES"]
    if not settings["DATABASE_URL"]:
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{os.path.join(app.instance_path, 'cds.sqlite3')}"
    logs.configure(settings["LOG_LEVEL"], settings["LOG_FORMAT"])

    from cds_service import api, calculator_pages, cors, insights, ops, rule_pages
    from cds_service.runtime import Runtime

    app.extensions["cds"] = Runtime.from_config(app.config)
    if settings["TRUSTED_PROXY_COUNT"]:  # only then are X-Forwarded-* the proxy's word, not the client's
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(rule_pages.blueprint)
    app.register_blueprint(calculator_pages.blueprint)
    app.register_blueprint(insights.blueprint)  # /insights, /insights/data (docs/insights.md)
    ops.init_app(app)  # /healthz, /readyz, /metrics; measures every request (before CORS answers preflights)
    cors.init_app(app)
    return app
