"""A browser tab that records what a page asked for besides this site, and what went wrong."""

from dataclasses import dataclass, field
from urllib.parse import urlparse


@dataclass
class Traffic:
    """What the pages of one browser context did besides rendering."""

    origin: str
    external: list[str] = field(default_factory=list)  # requests to another host (all blocked)
    failed: list[str] = field(default_factory=list)  # local requests that failed or answered >= 400
    console_errors: list[str] = field(default_factory=list)

    def clear(self):
        self.external.clear()
        self.failed.clear()
        self.console_errors.clear()


def _watch(context, page, traffic: Traffic):
    def route(route):
        url = route.request.url
        if url.startswith(traffic.origin):
            route.continue_()
        else:
            traffic.external.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and traffic.console_errors.append(
        f"{message.text} ({message.location.get('url', '')}:{message.location.get('lineNumber', '')})"
    ))
    page.on("pageerror", lambda error: traffic.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: request.url.startswith(traffic.origin) and traffic.failed.append(
        f"{request.url}: {request.failure}"
    ))
    page.on("response", lambda response: response.status >= 400 and response.url.startswith(traffic.origin)
            and traffic.failed.append(f"{response.url}: HTTP {response.status}"))


@dataclass
class Tab:
    page: object  # playwright Page
    traffic: Traffic
    base_url: str

    def open(self, path: str, **kwargs):
        self.traffic.clear()
        response = self.page.goto(self.base_url + path, wait_until="load", **kwargs)
        # Material loads its search index and worker after `load`: let them finish too.
        self.page.wait_for_load_state("networkidle")
        return response


def new_tab(browser, base_url, **context_options):
    origin = "{0.scheme}://{0.netloc}/".format(urlparse(base_url))
    context = browser.new_context(service_workers="block", **context_options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    traffic = Traffic(origin)
    _watch(context, page, traffic)
    return context, Tab(page, traffic, base_url)
