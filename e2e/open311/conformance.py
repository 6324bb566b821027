"""Open311 GeoReport v2 conformance: an independent client library from PyPI (georeport, which reads services,
definitions and requests in JSON or XML) and the specification's own example requests (posted form-encoded with
requests, as the specification shows them) against a running gongzhi. Called by scripts/api-contract with the base
URL and an API key issued by `gongzhi open311 issue-key`; prints "open311: N passed, M failed"."""

import sys

import requests
import xmltodict
from georeport import GeoReport

base, key = sys.argv[1], sys.argv[2]
root = base + "/open311/v2"
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def attempt(name, fn):
    try:
        fn()
    except Exception as e:  # a client error is a failed check, not a crash of the run
        check(name, False, repr(e))


json_client = GeoReport(root, output_format="json")
xml_client = GeoReport(root, output_format="xml")
scoped = GeoReport(root, jurisdiction="shijingshan.beijing", output_format="json")


def services():
    js = json_client.get_service_list()
    xs = xml_client.get_service_list()
    codes = [s["service_code"] for s in js]
    check("services in JSON", "B04" in codes and "N03" not in codes, codes[:5])
    check("services in XML match JSON", [s["service_code"] for s in xs] == codes)
    b04 = next(s for s in xs if s["service_code"] == "B04")
    check("an XML service's fields", b04["metadata"] == "true" and b04["type"] == "realtime" and b04["service_name"] == "餐饮油烟扰民", b04)
    check("with the jurisdiction named", [s["service_code"] for s in scoped.get_service_list()] == codes)


def definitions():
    jd = json_client.get_service_definition("B04")
    xd = xml_client.get_service_definition("B04")
    check("definition in JSON", jd["service_code"] == "B04" and jd["attributes"][0]["code"] == "kind", jd)
    attribute = xd["attributes"]["attribute"]
    keys = [v["key"] for v in attribute["values"]["value"]]
    check("definition in XML", attribute["code"] == "kind" and keys == ["help", "complaint", "report", "suggestion"], xd)


# The specification's POST example (http://wiki.open311.org/GeoReport_v2#POST_Service_Request), in the district.
example = {
    "api_key": key,
    "service_code": "B04",
    "lat": "39.9185",
    "long": "116.1960",
    "address_string": "八角北路12号院",
    "email": "smith@example.com",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "建国",
    "last_name": "王",
    "phone": "13911112222",
    "description": "楼下烧烤店油烟直接排到居民楼。",
    "media_url": "https://example.com/photos/1.jpg",
    "attribute[kind]": "complaint",
}
created = {}


def post():
    r = requests.post(root + "/requests.json", data=example)
    check("POST requests.json answers 201", r.status_code == 201, r.text)
    body = r.json()[0]
    created.update(body)
    check("the answer has an id, a notice and a token", len(body["service_request_id"]) == 14 and body["service_notice"] and body["token"], body)
    r = requests.post(root + "/requests.xml", data=example)
    doc = xmltodict.parse(r.content)
    check("POST requests.xml answers the specification's XML", r.status_code == 201 and len(doc["service_requests"]["request"]["service_request_id"]) == 14, r.text)


def follow():
    rid = created["service_request_id"]
    one = json_client.get_service_request(rid)
    check("GET requests/{id}.json", one["service_request_id"] == rid and one["status"] == "open" and one["service_code"] == "B04", one)
    check("dates in W3C format with the zone", one["requested_datetime"].endswith("+08:00"), one["requested_datetime"])
    check("nothing personal", "13911112222" not in str(one) and "smith@example.com" not in str(one))
    x = xml_client.get_service_request(rid)
    check("GET requests/{id}.xml", x["service_request_id"] == rid and x["description"] == example["description"], x)
    found = json_client.get_service_requests(service_code="B04", status="open")
    check("GET requests.json by service and status", rid in [r["service_request_id"] for r in found])
    found = xml_client.get_service_requests(service_request_id=rid)
    found = found if isinstance(found, list) else [found]
    check("GET requests.xml by id", [r["service_request_id"] for r in found] == [rid], found)
    check("closed requests exclude it", rid not in [r["service_request_id"] for r in json_client.get_service_requests(status="closed")])
    t = requests.get(f"{root}/tokens/{created['token']}.json").json()
    check("GET tokens/{token}.json", t == [{"service_request_id": rid, "token": created["token"]}], t)


def errors():
    r = requests.post(root + "/requests.xml", data={k: v for k, v in example.items() if k != "api_key"})
    doc = xmltodict.parse(r.content)
    check("no key: 403 with the specification's XML errors", r.status_code == 403 and doc["errors"]["error"]["code"] == "403", r.text)
    r = requests.post(root + "/requests.json", data={**example, "service_code": "Z99"})
    check("unknown service: 404", r.status_code == 404 and r.json()[0]["code"] == 404, r.text)
    r = requests.get(root + "/requests.json", params={"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"})
    check("a window over 90 days: 400", r.status_code == 400 and r.json()[0]["code"] == 400, r.text)
    r = requests.get(root + "/requests/20990101000001.json")
    check("unknown request: 404", r.status_code == 404, r.text)


for name, fn in [("services", services), ("definitions", definitions), ("post", post), ("follow", follow), ("errors", errors)]:
    attempt(name, fn)

print(f"open311: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
