"""The case as CASE/UCO JSON-LD (https://caseontology.org), checked with case_validate.

Identifiers are UUIDv5 names derived from the case number, so exporting the
same case twice gives the same node ids.
"""

import uuid

from signaal.cases.models import Case, CustodyEvent

CONTEXT = {
    "kb": "urn:signaal:kb:",
    "action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "investigation": "https://ontology.caseontology.org/case/investigation/",
    "observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
NAMESPACE = uuid.UUID("7f1f3f2e-5a0c-4b8e-9a55-5e1f0d6c0a11")


class Ids:
    def __init__(self, case: Case):
        self.case = case

    def __call__(self, kind: str, key: object = "") -> str:
        name = uuid.uuid5(NAMESPACE, f"{self.case.number}/{kind}/{key}")
        return f"kb:{kind}-{name}"


def _dt(value) -> dict:
    return {"@type": "xsd:dateTime", "@value": value.isoformat()}


def _int(value: int) -> dict:
    return {"@type": "xsd:integer", "@value": str(value)}


def _file(ids: Ids, item, path: str) -> dict:
    return {
        "@id": ids("file", item.exhibit_number),
        "@type": "observable:File",
        "core:name": item.exhibit_number,
        "core:description": item.description or item.source,
        "core:hasFacet": [
            {
                "@id": ids("file-facet", item.exhibit_number),
                "@type": "observable:FileFacet",
                "observable:fileName": path,
                "observable:sizeInBytes": _int(item.size),
            },
            {
                "@id": ids("content-data-facet", item.exhibit_number),
                "@type": "observable:ContentDataFacet",
                "observable:mimeType": item.content_type,
                "observable:hash": [
                    {
                        "@id": ids("hash", item.exhibit_number),
                        "@type": "types:Hash",
                        "types:hashMethod": "SHA256",
                        "types:hashValue": {
                            "@type": "xsd:hexBinary",
                            "@value": item.sha256.upper(),
                        },
                    }
                ],
            },
        ],
    }


def _selector_node(ids: Ids, selector) -> dict:
    key = selector.digest
    if selector.kind == "phone":
        return {
            "@id": ids("phone-account", key),
            "@type": "observable:PhoneAccount",
            "core:hasFacet": [
                {
                    "@id": ids("phone-account-facet", key),
                    "@type": "observable:PhoneAccountFacet",
                    "observable:phoneNumber": selector.value,
                }
            ],
        }
    if selector.kind == "email":
        return {
            "@id": ids("email-address", key),
            "@type": "observable:EmailAddress",
            "core:hasFacet": [
                {
                    "@id": ids("email-address-facet", key),
                    "@type": "observable:EmailAddressFacet",
                    "observable:addressValue": selector.value,
                }
            ],
        }
    if selector.kind == "url":
        return {
            "@id": ids("url", key),
            "@type": "observable:URL",
            "core:hasFacet": [
                {
                    "@id": ids("url-facet", key),
                    "@type": "observable:URLFacet",
                    "observable:fullValue": selector.value,
                }
            ],
        }
    platform, _, handle = selector.value.partition(":")
    return {
        "@id": ids("account", key),
        "@type": "observable:ApplicationAccount",
        "core:name": selector.value,
        "core:hasFacet": [
            {
                "@id": ids("account-facet", key),
                "@type": "observable:AccountFacet",
                "observable:accountIdentifier": handle or selector.value,
                "observable:isActive": True,
            }
        ],
        "core:description": f"Account on {platform}",
    }


def case_graph(case: Case, *, evidence_paths: dict[str, str], tool_version: str) -> dict:
    """The JSON-LD document for a case; `evidence_paths` maps exhibit number to ZIP path."""
    ids = Ids(case)
    graph: list[dict] = []
    tool = {
        "@id": ids("tool", "signaal"),
        "@type": "tool:Tool",
        "core:name": "Signaal",
        "tool:version": tool_version,
    }
    graph.append(tool)
    people: dict[str, dict] = {}

    def person(label: str) -> dict:
        if label not in people:
            people[label] = {
                "@id": ids("person", label),
                "@type": "identity:Person",
                "core:name": label,
            }
            graph.append(people[label])
        return {"@id": people[label]["@id"]}

    investigation_objects = []
    items = list(case.evidence.prefetch_related("custody"))
    for item in items:
        file_node = _file(ids, item, evidence_paths[item.exhibit_number])
        record = {
            "@id": ids("provenance-record", item.exhibit_number),
            "@type": "investigation:ProvenanceRecord",
            "investigation:exhibitNumber": item.exhibit_number,
            "core:description": item.source,
            "core:object": [{"@id": file_node["@id"]}],
        }
        graph.extend([file_node, record])
        investigation_objects += [{"@id": file_node["@id"]}, {"@id": record["@id"]}]
        for event in item.custody.all():
            action = {
                "@id": ids("investigative-action", f"{item.exhibit_number}/{event.pk}"),
                "@type": "investigation:InvestigativeAction",
                "core:name": f"{CustodyEvent.Action(event.action).label} {item.exhibit_number}",
                "action:performer": person(event.actor_label),
                "action:instrument": {"@id": tool["@id"]},
                "action:startTime": _dt(event.at),
                "action:endTime": _dt(event.at),
                "action:object": [{"@id": file_node["@id"]}],
            }
            if event.action == CustodyEvent.Action.ACQUIRED:
                action["action:result"] = [{"@id": record["@id"]}]
            graph.append(action)
            investigation_objects.append({"@id": action["@id"]})
    for selector in case.selectors.all():
        node = _selector_node(ids, selector)
        graph.append(node)
        investigation_objects.append({"@id": node["@id"]})
        for item in items:
            found_in = {s.get("value") for s in item.analysis.get("selectors", [])}
            if selector.value in found_in:
                relation = {
                    "@id": ids("relationship", f"{selector.digest}/{item.exhibit_number}"),
                    "@type": "core:Relationship",
                    "core:source": [{"@id": node["@id"]}],
                    "core:target": {"@id": ids("file", item.exhibit_number)},
                    "core:kindOfRelationship": "Extracted_From",
                    "core:isDirectional": True,
                }
                graph.append(relation)
                investigation_objects.append({"@id": relation["@id"]})
    graph.insert(
        0,
        {
            "@id": ids("investigation", "case"),
            "@type": "investigation:Investigation",
            "core:name": case.number,
            "core:description": case.title,
            "investigation:investigationStatus": case.get_status_display(),
            "investigation:focus": "Seksuele uitbuiting van minderjarigen",
            "core:object": investigation_objects,
        },
    )
    return {"@context": CONTEXT, "@graph": graph}
