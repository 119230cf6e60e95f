import flow_api
def handler(system: flow_api.System, this: flow_api.Execution):
    versions = this.connect('oracle', execute='SELECT * FROM v$version').get('output_value')
    return this.success('all done')
