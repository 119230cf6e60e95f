"""Not from the seed: the library connection on its stored ref (develop) and on v2, logged side by side.

    patchbay flow run examples/library_refs.py
"""
import flow_api


def handler(system: flow_api.System, this: flow_api.Execution):
    develop = this.connect('library').get('output_value')
    v2 = this.connect('library', ref='v2').get('output_value')
    for ref, metadata in (('develop', develop), ('v2', v2)):
        this.log(f"{ref}: {metadata['commit_sha']} {metadata['commit_date_iso']} {metadata['commit_message'].splitlines()[0]}")
    if develop['commit_sha'] == v2['commit_sha']:
        this.fail('develop and v2 point at the same commit')
    return this.success('all done', develop=develop['commit_sha'], v2=v2['commit_sha'])
