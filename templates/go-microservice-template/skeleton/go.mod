module ${{ values.repoHost }}/${{ values.orgName }}/${{ values.repoName }}

go 1.19
